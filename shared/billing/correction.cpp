#include "billing/correction.h"

#include <map>
#include <tuple>

using namespace Qt::StringLiterals;

namespace oblik::billing {

namespace {

using Key = std::tuple<int, int, int, qint64, qint64, qint64>; // article, kind, zone, tariff, num, den

struct Diff
{
    InvoiceLine line;
    qint64 quantity = 0;
    qint64 net = 0;
    qint64 vat = 0;
    qint64 gross = 0;
};

Key keyOf(Article article, const InvoiceLine &l)
{
    return {static_cast<int>(article),     static_cast<int>(l.kind), static_cast<int>(l.zone),
            l.tariff.hundredThousandths(), l.coefficient.numerator,  l.coefficient.denominator};
}

} // namespace

Result<QList<InvoiceDraft>> correction(const Calculation &previous, const Calculation &current)
{
    if (previous.account != current.account || previous.period != current.period)
        return Error::make(u"calc.correction_mismatch"_s, {}, {},
                           previous.period.toString() + u" / "_s + current.period.toString());
    std::map<Key, Diff> diffs;
    const auto add = [&diffs](const Calculation &calc, int sign) {
        for (const InvoiceDraft &doc : calc.invoices) {
            for (const InvoiceLine &l : doc.lines) {
                Diff &d = diffs[keyOf(doc.article, l)];
                d.line = l;
                // Amounts of one account-period are far below 2^62; differences cannot overflow.
                d.quantity += sign * l.quantity.milli();
                d.net += sign * l.net.kopecks();
                d.vat += sign * l.vat.kopecks();
                d.gross += sign * l.gross.kopecks();
            }
        }
    };
    add(previous, -1);
    add(current, 1);

    QList<InvoiceDraft> out;
    for (const auto &[key, d] : diffs) {
        if (d.quantity == 0 && d.net == 0 && d.vat == 0 && d.gross == 0)
            continue;
        const Article article = static_cast<Article>(std::get<0>(key));
        if (out.isEmpty() || out.last().article != article) {
            InvoiceDraft doc;
            doc.type = InvoiceType::Correction;
            doc.article = article;
            out.append(doc);
        }
        InvoiceDraft &doc = out.last();
        InvoiceLine line = d.line;
        line.quantity = Energy::fromMilli(d.quantity);
        line.net = Money::fromKopecks(d.net);
        line.vat = Money::fromKopecks(d.vat);
        line.gross = Money::fromKopecks(d.gross);
        doc.lines.append(line);
        doc.net = Money::fromKopecks(doc.net.kopecks() + d.net);
        doc.vat = Money::fromKopecks(doc.vat.kopecks() + d.vat);
        doc.gross = Money::fromKopecks(doc.gross.kopecks() + d.gross);
    }
    return out;
}

} // namespace oblik::billing
