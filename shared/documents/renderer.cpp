#include "documents/renderer.h"

#include "core/amounts.h"
#include "documents/amountinwords.h"
#include "documents/doclayout.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QLocale>
#include <QTranslator>

#include <qrencode.h>

using namespace Qt::StringLiterals;

namespace oblik::documents {

using detail::Box;
using detail::Cell;
using detail::Column;
using detail::DocLayout;
using detail::Row;
using detail::Style;
using detail::Table;

namespace {

constexpr char kContext[] = "oblik::documents::Renderer";
constexpr Qt::Alignment kRight = Qt::AlignRight;
constexpr Qt::Alignment kLeft = Qt::AlignLeft;
constexpr Qt::Alignment kCenter = Qt::AlignHCenter;

// What every document needs: the language's texts (the Renderer's own translator), locale and
// formats. Built once per Renderer.
class Ctx
{
public:
    explicit Ctx(DocLanguage language)
        : m_language(language),
          m_locale(language == DocLanguage::Ru ? QLocale(QLocale::Russian, QLocale::Russia)
                                               : QLocale(QLocale::Ukrainian, QLocale::Ukraine))
    {
        m_locale.setNumberOptions(QLocale::DefaultNumberOptions);
        m_translated = m_translator.load(u":/i18n/oblik_"_s + toString(language) + u".qm"_s);
    }

    DocLanguage language() const { return m_language; }

    QString t(const char *source) const
    {
        if (m_translated) {
            const QString s = m_translator.translate(kContext, source);
            if (!s.isEmpty())
                return s;
        }
        return QString::fromUtf8(source);
    }

    QString money(Money m) const { return m.format(m_locale); }
    QString energy(Energy e) const { return e.format(m_locale, 3); }
    QString tariff(Tariff t) const { return t.format(m_locale, Tariff::Decimals); }
    QString coefficient(billing::Fraction f) const
    {
        QString s = f.toString();
        return s.replace(u'.', m_locale.decimalPoint());
    }
    QString date(QDate d) const { return d.isValid() ? d.toString(u"dd.MM.yyyy"_s) : QString(); }
    QString period(Period p) const
    {
        if (!p.isValid())
            return {};
        return m_locale.standaloneMonthName(p.firstDay().month(), QLocale::LongFormat) + u' ' +
               QString::number(p.firstDay().year());
    }
    QString vatRate(int bp) const
    {
        QString s = QString::number(bp / 100);
        if (bp % 100)
            s += m_locale.decimalPoint() + QString::number(bp % 100).rightJustified(2, u'0');
        if (s.endsWith(u'0') && bp % 100)
            s.chop(1);
        return s;
    }
    QString words(Money m) const { return amountInWords(m, m_language); }

    QString zone(domain::Zone z) const
    {
        switch (z) {
        case domain::Zone::Total:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "total"));
        case domain::Zone::Day:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "day"));
        case domain::Zone::Night:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "night"));
        case domain::Zone::Peak:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "peak"));
        case domain::Zone::HalfPeak:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "half-peak"));
        }
        return {};
    }
    QString pointKind(domain::PointKind k) const
    {
        switch (k) {
        case domain::PointKind::Active:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "active"));
        case domain::PointKind::Reactive:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "reactive"));
        case domain::PointKind::Generation:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "generation"));
        }
        return {};
    }
    QString unit(billing::LineKind k) const
    {
        switch (k) {
        case billing::LineKind::ReactiveEnergy:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "kvarh"));
        case billing::LineKind::Services:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "unit"));
        default:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "kWh"));
        }
    }
    // A line's text: a services line's own description, a calculated line's kind and zone.
    QString line(const billing::InvoiceLine &l) const
    {
        return l.kind == billing::LineKind::Services || !l.description.isEmpty() ? l.description
                                                                                 : line(l.kind, l.zone);
    }
    QString line(billing::LineKind k, domain::Zone z) const
    {
        QString s;
        switch (k) {
        case billing::LineKind::ActiveEnergy:
            s = t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Active electric energy"));
            break;
        case billing::LineKind::ReactiveEnergy:
            s = t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Reactive energy flow compensation"));
            break;
        case billing::LineKind::OverLimit:
            s = t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                    "Electric energy consumed over the contract limit"));
            break;
        case billing::LineKind::GenerationCredit:
            s = t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Credit for electric energy generated"));
            break;
        case billing::LineKind::Services:
            s = t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Services"));
            break;
        }
        if (z != domain::Zone::Total)
            s = t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "%1, %2 zone")).arg(s, zone(z));
        return s;
    }
    // A reading's state as stored ("processed", ...) in words; an unknown one as it is.
    QString readingState(const QString &state) const
    {
        const std::optional<domain::ReadingState> s = domain::readingStateFromString(state);
        if (!s)
            return state;
        switch (*s) {
        case domain::ReadingState::Draft:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "draft"));
        case domain::ReadingState::Ready:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "ready"));
        case domain::ReadingState::Submitted:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "submitted"));
        case domain::ReadingState::Processed:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "processed"));
        case domain::ReadingState::Rejected:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "rejected"));
        }
        return state;
    }
    QString article(billing::Article a) const
    {
        switch (a) {
        case billing::Article::ActiveEnergy:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Active energy"));
        case billing::Article::ReactiveEnergy:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Reactive energy"));
        case billing::Article::OverLimit:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Over-limit consumption"));
        case billing::Article::Services:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Services"));
        case billing::Article::Penalties:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Penalties"));
        }
        return {};
    }
    QString invoiceSubject(billing::InvoiceType type) const
    {
        switch (type) {
        case billing::InvoiceType::PlannedAdvance:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                       "planned advance payment for electric energy"));
        case billing::InvoiceType::ActiveEnergy:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "for active electric energy"));
        case billing::InvoiceType::ReactiveEnergy:
            return t(
                QT_TRANSLATE_NOOP("oblik::documents::Renderer", "for reactive energy flow compensation"));
        case billing::InvoiceType::OverLimit:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                       "for electric energy consumed over the limit"));
        case billing::InvoiceType::Services:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "for services"));
        case billing::InvoiceType::Correction:
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "correction"));
        }
        return {};
    }
    QString contract(const DocumentHeader &h) const
    {
        if (h.contractNumber.isEmpty())
            return {};
        if (h.contractDate.isValid())
            return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "No. %1 dated %2"))
                .arg(h.contractNumber, date(h.contractDate));
        return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "No. %1")).arg(h.contractNumber);
    }

    QStringList partyLines(const Party &p) const
    {
        QStringList lines;
        auto add = [&](const char *label, const QString &value) {
            if (!value.trimmed().isEmpty())
                lines.append(t(label) + u": "_s + value);
        };
        lines.append(p.name);
        add(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "EDRPOU"), p.edrpou);
        add(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "IPN"), p.ipn);
        add(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "IBAN"), p.iban);
        add(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Bank"), p.bank);
        add(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Address"), p.address);
        add(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Phone"), p.phone);
        return lines;
    }

    // The supplier's and the consumer's requisites side by side.
    void parties(DocLayout &l, const DocumentHeader &h, const char *supplierHeading,
                 const char *consumerHeading) const
    {
        Box supplier{t(supplierHeading), partyLines(h.supplier)};
        if (!h.districtName.isEmpty()) {
            QStringList parts{h.districtName};
            if (!h.districtAddress.isEmpty())
                parts.append(h.districtAddress);
            if (!h.districtPhone.isEmpty())
                parts.append(
                    t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "phone %1")).arg(h.districtPhone));
            supplier.lines.append(t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "District office")) +
                                  u": "_s + parts.join(u", "_s));
        }
        Box consumer{t(consumerHeading), partyLines(h.consumer)};
        if (!h.accountNumber.isEmpty())
            consumer.lines.append(t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Personal account")) +
                                  u": "_s + h.accountNumber);
        if (!h.contractNumber.isEmpty())
            consumer.lines.append(t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Contract")) + u": "_s +
                                  contract(h));
        l.boxes({supplier, consumer});
    }

    void signatures(DocLayout &l, const QStringList &roles) const
    {
        l.signatures(roles, t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "(signature)")),
                     t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "(full name)")));
    }

    QString supplierRole() const { return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Supplier")); }
    QString consumerRole() const { return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Consumer")); }
    QString uah() const { return t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "UAH")); }

    // "Total to pay: 1 238,88 UAH (One thousand ... kopecks)" and the VAT it includes.
    void amountLine(DocLayout &l, const char *label, Money amount, std::optional<Money> vat = {},
                    int vatRateBp = 0) const
    {
        l.text(t(label) + u' ' + money(amount) + u' ' + uah() + u" (" + words(amount) + u')',
               Style{9, true, kLeft});
        if (vat)
            l.text(t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "including VAT %1%: %2 UAH"))
                       .arg(vatRate(vatRateBp), money(*vat)),
                   Style{8.5, false, kLeft});
        l.space(2);
    }

    // The lines of an invoice (or act, or tax invoice) with the totals rows under them.
    Table linesTable(const QList<billing::InvoiceLine> &lines, Money net, Money vat, Money gross,
                     int vatRateBp) const
    {
        Table table;
        // The unit column fits "квар·год" at the body's size (it shrank to unreadable at 10).
        table.columns = {{6, kCenter}, {43, kLeft},  {15, kCenter}, {19, kRight}, {18, kRight},
                         {14, kRight}, {22, kRight}, {19, kRight},  {22, kRight}};
        table.header.append(
            Row{{{u"№"_s},
                 {t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Description"))},
                 {t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Unit"))},
                 {t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Quantity"))},
                 {t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Tariff, UAH"))},
                 {t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Coeff."))},
                 {t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Amount without VAT, UAH"))},
                 {t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "VAT, UAH"))},
                 {t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Amount with VAT, UAH"))}}});
        int n = 0;
        for (const billing::InvoiceLine &line : lines) {
            table.rows.append(Row{{{QString::number(++n)},
                                   {this->line(line)},
                                   {unit(line.kind)},
                                   {energy(line.quantity)},
                                   // A service's price is in kopecks (its tariff x 1000).
                                   {line.kind == billing::LineKind::Services
                                        ? money(Money::fromKopecks(line.tariff.hundredThousandths() / 1000))
                                        : tariff(line.tariff)},
                                   {coefficient(line.coefficient)},
                                   {money(line.net)},
                                   {money(line.vat)},
                                   {money(line.gross)}}});
        }
        Row total{{{t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Total")), 6, kRight},
                   {money(net)},
                   {money(vat)},
                   {money(gross)}},
                  true,
                  true};
        table.rows.append(total);
        Q_UNUSED(vatRateBp);
        return table;
    }

private:
    DocLanguage m_language;
    QLocale m_locale;
    QTranslator m_translator;
    bool m_translated = false;
};

// The invoice's remaining amount: what the QR code asks the bank to pay.
Money remainingToPay(const InvoiceDoc &invoice)
{
    if (invoice.settled)
        return Money();
    const qint64 k = invoice.gross.kopecks() - invoice.paid.kopecks();
    return Money::fromKopecks(k > 0 ? k : 0);
}

QString qrPayload(const Ctx &c, const InvoicePackageData &data)
{
    QString purposeFormat;
    switch (data.invoice.article) {
    case billing::Article::ActiveEnergy:
    case billing::Article::OverLimit:
        purposeFormat =
            c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                  "Payment for electric energy, invoice No. %1, personal account %2"));
        break;
    case billing::Article::ReactiveEnergy:
        purposeFormat =
            c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                  "Payment for reactive energy, invoice No. %1, personal account %2"));
        break;
    case billing::Article::Services:
        purposeFormat = c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                              "Payment for services, invoice No. %1, personal account %2"));
        break;
    case billing::Article::Penalties:
        purposeFormat = c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                              "Payment of penalties, invoice No. %1, personal account %2"));
        break;
    }
    // NBU limits: recipient name up to 70 characters, purpose up to 140.
    const QString name = data.header.supplier.name.left(70);
    const QString purpose = purposeFormat.arg(data.invoice.number, data.header.accountNumber).left(140);
    const QStringList lines{u"BCD"_s,
                            u"002"_s,
                            u"1"_s,
                            u"UCT"_s,
                            QString(),
                            name,
                            QString(data.header.supplier.iban).remove(u' '),
                            u"UAH"_s + remainingToPay(data.invoice).toString(),
                            data.header.supplier.edrpou,
                            QString(),
                            QString(),
                            purpose,
                            QString()};
    const QByteArray encoded =
        lines.join(u'\n').toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return u"https://bank.gov.ua/qr/"_s + QString::fromLatin1(encoded);
}

// Draws the QR code of a text as filled squares (runs of dark modules merged), with a quiet zone.
bool drawQr(DocLayout &l, const QRectF &square, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    QRcode *qr = QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return false;
    const int w = qr->width;
    const qreal module = square.width() / (w + 4);
    const qreal x0 = square.x() + 2 * module, y0 = square.y() + 2 * module;
    for (int y = 0; y < w; ++y) {
        int x = 0;
        while (x < w) {
            if (!(qr->data[y * w + x] & 1)) {
                ++x;
                continue;
            }
            int end = x;
            while (end < w && (qr->data[y * w + end] & 1))
                ++end;
            // A hair of overlap so that viewers do not show seams between neighbouring squares.
            l.fill(QRectF(x0 + x * module, y0 + y * module, (end - x) * module + 0.02, module + 0.02));
            x = end;
        }
    }
    QRcode_free(qr);
    return true;
}

QString invoiceTitle(const Ctx &c, const InvoiceDoc &inv)
{
    return c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Invoice No. %1 dated %2"))
        .arg(inv.number, c.date(inv.date));
}

void subtitle(DocLayout &l, const QString &text)
{
    l.text(text, Style{9.5, false, Qt::AlignHCenter});
    l.space(3);
}

// --- the invoice package --------------------------------------------------------------------

void drawInvoice(const Ctx &c, DocLayout &l, const InvoicePackageData &data)
{
    const InvoiceDoc &inv = data.invoice;
    l.title(invoiceTitle(c, inv));
    QString sub =
        c.invoiceSubject(inv.type) + u", "_s +
        c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "period: %1")).arg(c.period(inv.period));
    if (!inv.correctsNumber.isEmpty())
        sub += u"\n"_s + c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Corrects invoice No. %1"))
                             .arg(inv.correctsNumber);
    subtitle(l, sub);
    c.parties(l, data.header, QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Supplier"),
              QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Consumer (payer)"));
    l.table(c.linesTable(inv.lines, inv.net, inv.vat, inv.gross, inv.vatRateBp));
    l.ensure(30);
    if (inv.gross.isNegative()) {
        // A correction that lowers the charge: nothing to pay, the amount is credited.
        c.amountLine(l,
                     QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Total of the correction (credited):"),
                     inv.gross, inv.vat, inv.vatRateBp);
    } else {
        c.amountLine(l, QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Total to pay:"), inv.gross, inv.vat,
                     inv.vatRateBp);
        if (inv.dueDate.isValid())
            l.text(c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Payment due by %1."))
                       .arg(c.date(inv.dueDate)),
                   Style{9, true, kLeft});
    }
    if (inv.settled)
        l.text(c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                     "This planned advance is settled: its period has been billed, and "
                                     "nothing remains to pay under it.")),
               Style{8.5, true, kLeft});
    else if (!inv.paid.isZero())
        l.text(c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                     "Paid under this invoice: %1 UAH; remaining: %2 UAH."))
                   .arg(c.money(inv.paid), c.money(remainingToPay(inv))),
               Style{8.5, false, kLeft});
    l.space(3);

    if (data.paymentQr && remainingToPay(inv).isPositive()) {
        constexpr qreal side = 34;
        const QRectF area = l.reserve(side + 5);
        const QRectF qr(area.right() - side, area.y(), side, side);
        const QStringList details{
            c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Payment details")),
            c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Recipient")) + u": "_s +
                data.header.supplier.name,
            c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "EDRPOU")) + u": "_s +
                data.header.supplier.edrpou,
            c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "IBAN")) + u": "_s +
                data.header.supplier.iban,
            c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Amount")) + u": "_s +
                c.money(remainingToPay(inv)) + u' ' + c.uah(),
        };
        qreal y = area.y() + 2;
        const qreal w = area.width() - side - 8;
        for (int i = 0; i < details.size(); ++i) {
            const Style s{8.5, i == 0, kLeft | Qt::AlignTop};
            const qreal h = l.textHeight(details[i], w, s);
            l.drawText(QRectF(area.x(), y, w, h), details[i], s);
            y += h + 0.5;
        }
        const Style note{7.5, false, kLeft | Qt::AlignTop};
        const QString scan = c.t(QT_TRANSLATE_NOOP(
            "oblik::documents::Renderer", "Scan the QR code with your bank's app to pay this invoice."));
        l.drawText(QRectF(area.x(), y + 1, w, l.textHeight(scan, w, note)), scan, note);
        drawQr(l, qr, qrPayload(c, data));
    }
    l.ensure(20);
    c.signatures(l, {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Issued by (supplier)"))});
}

bool pointBelongs(domain::PointKind kind, billing::Article article)
{
    switch (article) {
    case billing::Article::ActiveEnergy:
        return kind == domain::PointKind::Active || kind == domain::PointKind::Generation;
    case billing::Article::OverLimit:
        return kind == domain::PointKind::Active;
    case billing::Article::ReactiveEnergy:
        return kind == domain::PointKind::Reactive;
    default:
        return false;
    }
}

billing::LineKind lineKindOf(domain::PointKind kind)
{
    switch (kind) {
    case domain::PointKind::Reactive:
        return billing::LineKind::ReactiveEnergy;
    case domain::PointKind::Generation:
        return billing::LineKind::GenerationCredit;
    default:
        return billing::LineKind::ActiveEnergy;
    }
}

// The amount a line was computed as (before the VAT split): gross when VAT is extracted, else net.
Money lineAmount(const InvoiceDoc &inv, const billing::InvoiceLine &line)
{
    return inv.vatMode == billing::VatMode::ExtractedFromGross ? line.gross : line.net;
}

struct BreakdownRow
{
    const billing::PointBreakdown *point = nullptr;
    const billing::InvoiceLine *line = nullptr;
    std::optional<Money> amount;
};

QList<BreakdownRow> breakdownRows(const InvoicePackageData &data, bool zonesOnly)
{
    QList<BreakdownRow> rows;
    QList<const billing::InvoiceLine *> used;
    for (const billing::PointBreakdown &p : data.breakdown) {
        if (!pointBelongs(p.kind, data.invoice.article) || (zonesOnly && p.zone == domain::Zone::Total))
            continue;
        BreakdownRow row{&p, nullptr, {}};
        // The point's line: of its kind and zone, and of its coefficient and tariff when the zone has
        // several lines (a meter replaced within the period by one of another scheme: night at 0.5
        // and at 0.4; points of two voltage classes: two tariffs). Failing that, the first of its
        // kind and zone.
        const auto exact = [&p](const billing::InvoiceLine &line) {
            return line.coefficient.numerator * p.coefficient.denominator ==
                       p.coefficient.numerator * line.coefficient.denominator &&
                   line.tariff == p.tariff;
        };
        const billing::InvoiceLine *match = nullptr;
        for (const billing::InvoiceLine &line : data.invoice.lines) {
            if (line.kind == lineKindOf(p.kind) && line.zone == p.zone && (!match || exact(line))) {
                match = &line;
                if (exact(line))
                    break;
            }
        }
        if (match) {
            row.line = match;
            used.append(match);
            // The point's share, rounded once like the calculation (amounts.h).
            const Result<Money> m =
                cost(p.payable, match->tariff, match->coefficient.numerator, match->coefficient.denominator);
            // A generation credit lowers the invoice: shown negative, as its line is, so that the
            // rows add up to the total under them.
            const Result<Money> shown =
                m && match->kind == billing::LineKind::GenerationCredit ? m.value().negated() : m;
            if (shown)
                row.amount = shown.value();
        }
        rows.append(row);
    }
    if (!zonesOnly) {
        for (const billing::InvoiceLine &line : data.invoice.lines) {
            if (!used.contains(&line))
                rows.append(BreakdownRow{nullptr, &line, lineAmount(data.invoice, line)});
        }
    }
    return rows;
}

void drawBreakdown(const Ctx &c, DocLayout &l, const InvoicePackageData &data)
{
    const InvoiceDoc &inv = data.invoice;
    l.title(c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Breakdown of the charge")));
    subtitle(l, c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "to invoice No. %1 dated %2, period: %3"))
                        .arg(inv.number, c.date(inv.date), c.period(inv.period)) +
                    u"\n"_s + data.header.consumer.name + u", "_s +
                    c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "personal account %1"))
                        .arg(data.header.accountNumber));
    Table t;
    // A metering point's code is a 16-character EIC code: its column fits one at 7.5 pt (at 22 it
    // shrank to unreadable), and "Subtracted (sub-consumers)" gets room for its longest word.
    t.columns = {{30, kLeft},  {13, kCenter}, {11, kCenter}, {17, kRight}, {22, kRight},
                 {17, kRight}, {16, kRight},  {11, kRight},  {21, kRight}};
    t.fontPt = 7.5;
    t.header.append(Row{{{c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Metering point"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Energy"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Zone"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Consumption"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Subtracted (sub-consumers)"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Payable"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Tariff, UAH"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Coeff."))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Amount, UAH"))}}});
    for (const BreakdownRow &r : breakdownRows(data, false)) {
        Row row;
        if (r.point) {
            row.cells = {{r.point->code},
                         {c.pointKind(r.point->kind)},
                         {c.zone(r.point->zone)},
                         {c.energy(r.point->consumption)},
                         {c.energy(r.point->subtracted)},
                         {c.energy(r.point->payable)}};
        } else {
            row.cells = {{c.line(r.line->kind, r.line->zone), 5}, {c.energy(r.line->quantity)}};
        }
        row.cells.append(Cell(r.line ? c.tariff(r.line->tariff) : QString()));
        row.cells.append(Cell(r.line ? c.coefficient(r.line->coefficient) : QString()));
        row.cells.append(Cell(r.amount ? c.money(*r.amount) : QString()));
        t.rows.append(row);
    }
    Money total;
    for (const billing::InvoiceLine &line : inv.lines)
        total = Money::fromKopecks(total.kopecks() + lineAmount(inv, line).kopecks());
    t.rows.append(
        Row{{{c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Total under the invoice")), 8, kRight},
             {c.money(total)}},
            true,
            true});
    l.table(t);
    l.text(inv.vatMode == billing::VatMode::ExtractedFromGross
               ? c.t(QT_TRANSLATE_NOOP(
                         "oblik::documents::Renderer",
                         "Energy in kWh (reactive: kvarh). Tariffs and amounts include VAT %1%; "
                         "a point's amount is its payable energy x tariff x coefficient, rounded to "
                         "the kopeck."))
                     .arg(c.vatRate(inv.vatRateBp))
               : c.t(QT_TRANSLATE_NOOP(
                         "oblik::documents::Renderer",
                         "Energy in kWh (reactive: kvarh). Tariffs and amounts exclude VAT; VAT %1% "
                         "is added to the invoice's total."))
                     .arg(c.vatRate(inv.vatRateBp)),
           Style{7.5, false, kLeft});
}

void drawInformation(const Ctx &c, DocLayout &l, const InvoicePackageData &data)
{
    const InvoiceDoc &inv = data.invoice;
    const DocumentHeader &h = data.header;
    l.title(c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Information message")));
    subtitle(l, c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                      "on the settlements for %1 (%2), personal account %3"))
                    .arg(c.period(inv.period), c.article(inv.article), h.accountNumber));
    c.parties(l, h, QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Supplier"),
              QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Consumer"));
    Table t;
    t.fontPt = 9;
    t.columns = {{130, kLeft}, {50, kRight}};
    t.header.append(Row{{{c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Settlements"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Amount, UAH"))}}});
    t.rows.append(Row{{{c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                              "Balance at the start of the period (debt +, overpayment −)"))},
                       {c.money(data.openingBalance)}}});
    t.rows.append(Row{{{c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Charged in the period"))},
                       {c.money(data.chargedInPeriod)}}});
    t.rows.append(Row{{{c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Paid in the period"))},
                       {c.money(data.paidInPeriod)}}});
    // The closing balance makes the rows add up (opening + charged − paid); "to pay" is this
    // invoice's remaining amount, which is less when earlier invoices are still open.
    const Money closing = Money::fromKopecks(data.openingBalance.kopecks() + data.chargedInPeriod.kopecks() -
                                             data.paidInPeriod.kopecks());
    t.rows.append(Row{{{c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                              "Balance at the end of the period (debt +, overpayment −)"))},
                       {c.money(closing)}}});
    t.rows.append(
        Row{{{c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "To pay"))}, {c.money(data.toPay)}},
            true,
            true});
    l.table(t);
    if (data.toPay.isPositive()) {
        c.amountLine(l, QT_TRANSLATE_NOOP("oblik::documents::Renderer", "To pay:"), data.toPay);
        if (inv.dueDate.isValid())
            l.text(c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Please pay by %1."))
                       .arg(c.date(inv.dueDate)),
                   Style{9, true, kLeft});
    } else if (closing.isPositive()) {
        l.text(c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                     "This invoice is paid in full; the balance above is owed under other "
                                     "invoices.")),
               Style{9, true, kLeft});
    } else {
        l.text(
            c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Nothing to pay: your account has no debt.")),
            Style{9, true, kLeft});
    }
    l.space(3);
    l.text(c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Where to pay")), Style{9, true, kLeft});
    QString bank = h.supplier.iban;
    if (!h.supplier.bank.isEmpty())
        bank += u", "_s + h.supplier.bank;
    l.text(u"• "_s +
               c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                     "by bank transfer to %1, account %2, EDRPOU %3; state the personal "
                                     "account %4 and the invoice number %5 in the purpose of payment;"))
                   .arg(h.supplier.name, bank, h.supplier.edrpou, h.accountNumber, inv.number),
           Style{8.5, false, kLeft});
    if (!h.districtName.isEmpty())
        l.text(u"• "_s + c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                               "at the district office %1: %2, phone %3;"))
                             .arg(h.districtName, h.districtAddress, h.districtPhone),
               Style{8.5, false, kLeft});
    l.text(u"• "_s +
               c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                     "in the consumer's cabinet (payments are matched to invoices by the "
                                     "personal account).")),
           Style{8.5, false, kLeft});
    if (!h.supplier.phone.isEmpty()) {
        l.space(2);
        l.text(c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Questions about the invoice: phone %1."))
                   .arg(h.supplier.phone),
               Style{8.5, false, kLeft});
    }
}

void drawAcceptanceAct(const Ctx &c, DocLayout &l, const InvoicePackageData &data)
{
    const InvoiceDoc &inv = data.invoice;
    const DocumentHeader &h = data.header;
    QString title, statement;
    switch (inv.article) {
    case billing::Article::ReactiveEnergy:
        title = c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                      "Act of reactive energy compensation No. %1 dated %2"));
        statement =
            c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                  "The consumer has compensated the flows of reactive energy in %1 under "
                                  "contract %2, personal account %3, in the following amount:"));
        break;
    case billing::Article::Services:
    case billing::Article::Penalties:
        title = c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                      "Act of transfer of goods (services) No. %1 dated %2"));
        statement =
            c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                  "The supplier has transferred and the consumer has accepted in %1 under "
                                  "contract %2, personal account %3, the following goods (services):"));
        break;
    default:
        title = c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                      "Act of acceptance and transfer of electric energy No. %1 dated %2"));
        statement =
            c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                  "The supplier has supplied and the consumer has accepted in %1 under "
                                  "contract %2, personal account %3, the following electric energy:"));
        break;
    }
    l.title(title.arg(inv.number, c.date(inv.date)));
    l.space(2);
    c.parties(l, h, QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Supplier"),
              QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Consumer"));
    l.text(statement.arg(c.period(inv.period), c.contract(h), h.accountNumber), Style{9, false, kLeft});
    l.space(2);
    l.table(c.linesTable(inv.lines, inv.net, inv.vat, inv.gross, inv.vatRateBp));
    l.ensure(45);
    c.amountLine(l, QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Total:"), inv.gross, inv.vat,
                 inv.vatRateBp);
    l.text(c.t(QT_TRANSLATE_NOOP(
               "oblik::documents::Renderer",
               "The parties have no claims against each other as to the quantity and quality.")),
           Style{9, false, kLeft});
    l.space(6);
    c.signatures(l, {c.supplierRole(), c.consumerRole()});
}

void drawZoneAct(const Ctx &c, DocLayout &l, const InvoicePackageData &data, const QList<BreakdownRow> &rows)
{
    const InvoiceDoc &inv = data.invoice;
    const DocumentHeader &h = data.header;
    l.title(c.t(
        QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Act of reconciliation of zone-tariff metering")));
    subtitle(l, c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "to invoice No. %1 dated %2, period: %3"))
                    .arg(inv.number, c.date(inv.date), c.period(inv.period)));
    c.parties(l, h, QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Supplier"),
              QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Consumer"));
    l.text(
        c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                              "The parties have reconciled the electric energy consumed in %1 by the tariff "
                              "zones of the meters under contract %2:"))
            .arg(c.period(inv.period), c.contract(h)),
        Style{9, false, kLeft});
    l.space(2);
    Table t;
    t.columns = {{28, kLeft},  {16, kCenter}, {22, kRight}, {22, kRight},
                 {22, kRight}, {14, kRight},  {20, kRight}, {24, kRight}};
    t.fontPt = 7.5;
    t.header.append(Row{{{c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Metering point"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Zone"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Consumption, kWh"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Subtracted, kWh"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Payable, kWh"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Coeff."))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Tariff, UAH"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Amount, UAH"))}}});
    qint64 consumption = 0, subtracted = 0, payable = 0, amount = 0;
    for (const BreakdownRow &r : rows) {
        consumption += r.point->consumption.milli();
        subtracted += r.point->subtracted.milli();
        payable += r.point->payable.milli();
        amount += r.amount ? r.amount->kopecks() : 0;
        t.rows.append(Row{{{r.point->code},
                           {c.zone(r.point->zone)},
                           {c.energy(r.point->consumption)},
                           {c.energy(r.point->subtracted)},
                           {c.energy(r.point->payable)},
                           {r.line ? c.coefficient(r.line->coefficient) : QString()},
                           {r.line ? c.tariff(r.line->tariff) : QString()},
                           {r.amount ? c.money(*r.amount) : QString()}}});
    }
    t.rows.append(Row{{{c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Total")), 2, kRight},
                       {c.energy(Energy::fromMilli(consumption))},
                       {c.energy(Energy::fromMilli(subtracted))},
                       {c.energy(Energy::fromMilli(payable))},
                       {QString(), 2},
                       {c.money(Money::fromKopecks(amount))}},
                      true,
                      true});
    l.table(t);
    l.space(6);
    c.signatures(l, {c.supplierRole(), c.consumerRole()});
}

} // namespace

// QPainter text and QFontDatabase need a QGuiApplication (the server's runs "offscreen"); without
// one, fonts would crash rather than fail, so every document checks first.
static std::optional<Error> missingGui(const QString &title)
{
    if (qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return std::nullopt;
    return Error::make(u"document.render_failed"_s, {}, {title},
                       u"the PDF could not be written: rendering needs a QGuiApplication"_s);
}

struct Renderer::Private
{
    explicit Private(DocLanguage language) : ctx(language) {}
    Ctx ctx;

    Result<RenderedDocument> finish(DocLayout &l, const QString &title) const
    {
        const detail::RenderOutput out =
            l.finish(ctx.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Page %1 of %2")));
        if (out.pdf.isEmpty()) {
            // QPainter text and QFontDatabase need a QGuiApplication (the server's runs "offscreen").
            const bool gui = qobject_cast<QGuiApplication *>(QCoreApplication::instance()) != nullptr;
            return Error::make(
                u"document.render_failed"_s, {}, {title},
                gui ? u"the PDF could not be written: the embedded fonts could not be registered"_s
                    : u"the PDF could not be written: rendering needs a QGuiApplication"_s);
        }
        return RenderedDocument{out.pdf, out.pages, title};
    }
};

Renderer::Renderer(DocLanguage language) : d(std::make_unique<Private>(language)) {}

Renderer::~Renderer() = default;

DocLanguage Renderer::language() const
{
    return d->ctx.language();
}

Result<RenderedDocument> Renderer::invoicePackage(const InvoicePackageData &data) const
{
    const Ctx &c = d->ctx;
    const QString title = invoiceTitle(c, data.invoice);
    if (const auto e = missingGui(title))
        return *e;
    DocLayout l(title);
    const QString footer = title + u" · "_s + data.header.supplier.name;
    l.setFooter(footer);
    drawInvoice(c, l, data);
    // A planned advance asks for payment before anything is supplied: the invoice alone. A services
    // invoice has no metering points to break down.
    if (data.invoice.type == billing::InvoiceType::PlannedAdvance)
        return d->finish(l, title);
    if (data.invoice.article != billing::Article::Services &&
        data.invoice.article != billing::Article::Penalties) {
        l.newPage();
        drawBreakdown(c, l, data);
    }
    l.newPage();
    drawInformation(c, l, data);
    l.newPage();
    drawAcceptanceAct(c, l, data);
    const QList<BreakdownRow> zones = breakdownRows(data, true);
    if (!zones.isEmpty()) {
        l.newPage();
        drawZoneAct(c, l, data, zones);
    }
    return d->finish(l, title);
}

Result<RenderedDocument> Renderer::readingsAct(const ReadingsActData &data) const
{
    const Ctx &c = d->ctx;
    const QString title = c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Meter readings act for %1"))
                              .arg(c.period(data.period));
    if (const auto e = missingGui(title))
        return *e;
    DocLayout l(title, QPageLayout::Landscape);
    l.setFooter(title + u" · "_s + data.header.consumer.name + u" · "_s + data.header.accountNumber);
    l.title(title);
    QString sub = c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "dated %1")).arg(c.date(data.date));
    if (data.blank)
        sub += u" · "_s + c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                                "blank: current readings to be filled in by hand"));
    subtitle(l, sub);
    c.parties(l, data.header, QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Supplier"),
              QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Consumer"));
    Table t;
    t.fontPt = 7.5;
    t.columns = {{7, kCenter},  {34, kLeft},  {19, kLeft},   {13, kCenter}, {19, kLeft},
                 {19, kLeft},   {10, kRight}, {12, kCenter}, {16, kCenter}, {21, kRight},
                 {16, kCenter}, {21, kRight}, {21, kRight}};
    QList<Cell> header{{u"№"_s},
                       {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Object"))},
                       {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Metering point"))},
                       {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Energy"))},
                       {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Meter No."))},
                       {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Meter type"))},
                       {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Ratio"))},
                       {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Zone"))},
                       {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Previous date"))},
                       {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Previous reading"))},
                       {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Current date"))},
                       {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Current reading"))},
                       {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Consumption, kWh"))}};
    if (!data.blank) {
        t.columns.append({17, kCenter});
        header.append(Cell(c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "State"))));
    }
    t.header.append(Row{header});
    int n = 0;
    for (const ReadingsActRow &r : data.rows) {
        Row row{{{QString::number(++n)},
                 {r.objectName},
                 {r.pointCode},
                 {c.pointKind(r.kind)},
                 {r.meterNumber},
                 {r.meterModel},
                 {QString::number(r.ratio)},
                 {c.zone(r.zone)},
                 {c.date(r.previousDate)},
                 {r.previousValue ? c.energy(*r.previousValue) : QString()}}};
        if (data.blank) {
            // Empty cells, tall enough to write in.
            row.cells.append(QList<Cell>{Cell(), Cell(), Cell()});
            row.minHeightMm = 7.5;
        } else {
            row.cells.append(QList<Cell>{
                Cell(c.date(r.currentDate)), Cell(r.currentValue ? c.energy(*r.currentValue) : QString()),
                Cell(r.consumption ? c.energy(*r.consumption) : QString()), Cell(c.readingState(r.state))});
        }
        t.rows.append(row);
    }
    l.table(t);
    l.ensure(30);
    if (data.blank)
        l.text(c.t(QT_TRANSLATE_NOOP(
                   "oblik::documents::Renderer",
                   "Readings taken on \"____\" ______________ 20____ by the consumer's "
                   "representative; the register values are written in full, with all digits.")),
               Style{8.5, false, kLeft});
    else
        l.text(c.t(QT_TRANSLATE_NOOP(
                   "oblik::documents::Renderer",
                   "Consumption is (current − previous reading) × ratio, counting a register's "
                   "roll-over past its digits.")),
               Style{8, false, kLeft});
    l.space(6);
    c.signatures(l, {c.supplierRole(), c.consumerRole()});
    return d->finish(l, title);
}

Result<RenderedDocument> Renderer::taxInvoice(const TaxInvoiceData &data) const
{
    const Ctx &c = d->ctx;
    const QString title = c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Tax invoice No. %1 dated %2"))
                              .arg(data.number, c.date(data.date));
    if (const auto e = missingGui(title))
        return *e;
    DocLayout l(title);
    l.setFooter(title + u" · "_s + data.header.supplier.name);
    l.title(title);
    QString sub = c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "to invoice No. %1, period: %2"))
                      .arg(data.invoiceNumber, c.period(data.period));
    if (!data.correctsNumber.isEmpty())
        sub += u"\n"_s + c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer",
                                               "Correction calculation to tax invoice No. %1"))
                             .arg(data.correctsNumber);
    subtitle(l, sub);
    c.parties(l, data.header, QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Seller"),
              QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Buyer"));
    l.table(c.linesTable(data.lines, data.net, data.vat, data.gross, data.vatRateBp));
    l.ensure(40);
    Table vat;
    vat.fontPt = 8.5;
    vat.columns = {{120, kLeft}, {60, kRight}};
    vat.rows = {Row{{{c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Total amount without VAT"))},
                     {c.money(data.net)}}},
                Row{{{c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "VAT at %1%"))
                          .arg(c.vatRate(data.vatRateBp))},
                     {c.money(data.vat)}}},
                Row{{{c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Total amount with VAT"))},
                     {c.money(data.gross)}},
                    true,
                    true}};
    l.table(vat);
    c.amountLine(l, QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Total with VAT:"), data.gross, data.vat,
                 data.vatRateBp);
    l.space(6);
    c.signatures(l, {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Compiled by (seller)"))});
    return d->finish(l, title);
}

Result<RenderedDocument> Renderer::turnover(const TurnoverData &data) const
{
    const Ctx &c = d->ctx;
    const QString title = c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Turnover statement for %1"))
                              .arg(c.period(data.period));
    if (const auto e = missingGui(title))
        return *e;
    DocLayout l(title);
    l.setFooter(title + u" · "_s + data.header.consumer.name + u" · "_s + data.header.accountNumber);
    l.title(title);
    subtitle(l, c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "dated %1")).arg(c.date(data.date)));
    c.parties(l, data.header, QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Supplier"),
              QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Consumer"));
    Table t;
    t.columns = {{36, kLeft},  {24, kRight}, {24, kRight}, {24, kRight},
                 {24, kRight}, {24, kRight}, {24, kRight}};
    t.header.append(
        Row{{Cell(c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Article, UAH")), 1, std::nullopt, 2),
             {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Opening balance")), 2},
             {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Turnover in the period")), 2},
             {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Closing balance")), 2}}});
    t.header.append(Row{{Cell(QString(), 1, std::nullopt, 0),
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "debit"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "credit"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "charged"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "paid"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "debit"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "credit"))}}});
    qint64 sums[6] = {};
    for (const billing::TurnoverRow &r : data.rows) {
        const Money values[6] = {r.openingDebit, r.openingCredit, r.charged,
                                 r.paid,         r.closingDebit,  r.closingCredit};
        Row row{{{c.article(r.article)}}};
        for (int i = 0; i < 6; ++i) {
            sums[i] += values[i].kopecks();
            row.cells.append(Cell(c.money(values[i])));
        }
        t.rows.append(row);
    }
    Row total{{{c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Total"))}}, true, true};
    for (qint64 s : sums)
        total.cells.append(Cell(c.money(Money::fromKopecks(s))));
    t.rows.append(total);
    l.table(t);
    const Money closing = Money::fromKopecks(sums[4] - sums[5]);
    if (closing.isPositive())
        c.amountLine(l, QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Debt at the end of the period:"),
                     closing);
    else if (closing.isNegative())
        c.amountLine(l,
                     QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Overpayment at the end of the period:"),
                     Money::fromKopecks(-closing.kopecks()));
    else
        l.text(c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "No debt at the end of the period.")),
               Style{9, true, kLeft});
    l.space(6);
    c.signatures(l, {c.supplierRole(), c.consumerRole()});
    return d->finish(l, title);
}

Result<RenderedDocument> Renderer::paymentHistory(const PaymentHistoryData &data) const
{
    const Ctx &c = d->ctx;
    const QString title =
        c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Payment history from %1 to %2"))
            .arg(c.date(data.from), c.date(data.to));
    if (const auto e = missingGui(title))
        return *e;
    DocLayout l(title);
    l.setFooter(title + u" · "_s + data.header.consumer.name + u" · "_s + data.header.accountNumber);
    l.title(title);
    subtitle(l, c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "dated %1")).arg(c.date(data.date)));
    c.parties(l, data.header, QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Supplier"),
              QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Consumer (payer)"));
    Table t;
    t.columns = {{6, kCenter}, {19, kCenter}, {22, kLeft}, {20, kRight},
                 {24, kLeft},  {52, kLeft},   {22, kLeft}, {17, kRight}};
    t.fontPt = 7.5;
    t.header.append(Row{{{u"№"_s},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Date"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Article"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Amount, UAH"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Bank"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Purpose of payment"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Invoices paid"))},
                         {c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Not allocated, UAH"))}}});
    qint64 total = 0, unallocated = 0;
    int n = 0;
    for (const PaymentHistoryRow &r : data.rows) {
        total += r.amount.kopecks();
        unallocated += r.unallocated.kopecks();
        t.rows.append(Row{{{QString::number(++n)},
                           {c.date(r.paidOn)},
                           {c.article(r.article)},
                           {c.money(r.amount)},
                           {r.bank},
                           {r.purpose},
                           {r.invoiceNumbers.join(u", "_s)},
                           {r.unallocated.isZero() ? QString() : c.money(r.unallocated)}}});
    }
    t.rows.append(Row{{{c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Total")), 3, kRight},
                       {c.money(Money::fromKopecks(total))},
                       {QString(), 3},
                       {c.money(Money::fromKopecks(unallocated))}},
                      true,
                      true});
    l.table(t);
    if (data.rows.isEmpty())
        l.text(c.t(QT_TRANSLATE_NOOP("oblik::documents::Renderer", "No payments in this period.")),
               Style{9, false, kLeft});
    c.amountLine(l, QT_TRANSLATE_NOOP("oblik::documents::Renderer", "Total paid:"),
                 Money::fromKopecks(total));
    return d->finish(l, title);
}

QString paymentQrPayload(const InvoicePackageData &data, DocLanguage language)
{
    return qrPayload(Ctx(language), data);
}

} // namespace oblik::documents
