#include "billing/ledger.h"

using namespace Qt::StringLiterals;

namespace oblik::billing {

QString toString(PostingKind k)
{
    switch (k) {
    case PostingKind::Charge:
        return u"charge"_s;
    case PostingKind::Payment:
        return u"payment"_s;
    case PostingKind::Correction:
        return u"correction"_s;
    }
    return {};
}

QString toString(Side s)
{
    return s == Side::Debit ? u"debit"_s : u"credit"_s;
}

std::optional<PostingKind> postingKindFromString(const QString &s)
{
    for (PostingKind k : {PostingKind::Charge, PostingKind::Payment, PostingKind::Correction}) {
        if (toString(k) == s)
            return k;
    }
    return std::nullopt;
}

std::optional<Side> sideFromString(const QString &s)
{
    if (s == u"debit"_s)
        return Side::Debit;
    if (s == u"credit"_s)
        return Side::Credit;
    return std::nullopt;
}

Posting makePosting(AccountId account, Article article, Period period, PostingKind kind, Money signedAmount,
                    qint64 documentId, QDate date)
{
    Posting p;
    p.account = account;
    p.article = article;
    p.period = period;
    p.kind = kind;
    p.side = signedAmount.isNegative() ? Side::Credit : Side::Debit;
    p.amount =
        Money::fromKopecks(signedAmount.isNegative() ? -signedAmount.kopecks() : signedAmount.kopecks());
    p.documentId = documentId;
    p.date = date;
    return p;
}

QList<Posting> chargePostings(AccountId account, Period period, const QList<InvoiceDraft> &documents,
                              QDate date, const QList<qint64> &documentIds)
{
    QList<Posting> out;
    for (qsizetype i = 0; i < documents.size(); ++i) {
        const InvoiceDraft &d = documents[i];
        const PostingKind kind =
            d.type == InvoiceType::Correction ? PostingKind::Correction : PostingKind::Charge;
        out.append(makePosting(account, d.article, period, kind, d.gross, documentIds.value(i, 0), date));
    }
    return out;
}

namespace {

constexpr __int128 kMoneyMax = std::numeric_limits<qint64>::max();

std::optional<Money> toMoney(__int128 kopecks)
{
    if (kopecks > kMoneyMax || kopecks < -kMoneyMax)
        return std::nullopt;
    return Money::fromKopecks(static_cast<qint64>(kopecks));
}

Error overflow()
{
    return Error::make(u"money.overflow"_s, {}, {}, u"turnover"_s);
}

} // namespace

bool TurnoverRow::isConsistent() const
{
    const bool columnsOk = !openingDebit.isNegative() && !openingCredit.isNegative() &&
                           !closingDebit.isNegative() && !closingCredit.isNegative() &&
                           (openingDebit.isZero() || openingCredit.isZero()) &&
                           (closingDebit.isZero() || closingCredit.isZero());
    const __int128 lhs = static_cast<__int128>(opening().kopecks()) + charged.kopecks() - paid.kopecks();
    return columnsOk && lhs == closing().kopecks();
}

Result<TurnoverRow> turnoverRow(Article article, Period period, Money opening, const QList<Posting> &postings)
{
    __int128 charged = 0;
    __int128 paid = 0;
    for (const Posting &p : postings) {
        if (p.article != article || p.period != period)
            continue;
        const qint64 s = p.signedAmount().kopecks();
        if (p.kind == PostingKind::Payment)
            paid -= s;
        else
            charged += s;
    }
    const __int128 closing = static_cast<__int128>(opening.kopecks()) + charged - paid;
    const auto c = toMoney(charged);
    const auto pd = toMoney(paid);
    const auto cl = toMoney(closing);
    if (!c || !pd || !cl)
        return overflow();
    TurnoverRow row;
    row.article = article;
    row.period = period;
    row.charged = *c;
    row.paid = *pd;
    const auto split = [](Money balance, Money &debit, Money &credit) {
        debit = balance.isPositive() ? balance : Money();
        credit = balance.isNegative() ? Money::fromKopecks(-balance.kopecks()) : Money();
    };
    split(opening, row.openingDebit, row.openingCredit);
    split(*cl, row.closingDebit, row.closingCredit);
    return row;
}

Result<Money> balance(const QList<Posting> &postings, AccountId account, Article article, Period upTo)
{
    __int128 sum = 0;
    for (const Posting &p : postings) {
        if (p.account == account && p.article == article && (!upTo.isValid() || p.period <= upTo))
            sum += p.signedAmount().kopecks();
    }
    const auto m = toMoney(sum);
    if (!m)
        return overflow();
    return *m;
}

Result<QList<TurnoverRow>> turnover(const QList<Posting> &postings, AccountId account, Period period)
{
    QList<Posting> ofAccount;
    for (const Posting &p : postings) {
        if (p.account == account)
            ofAccount.append(p);
    }
    QList<TurnoverRow> rows;
    for (Article article : kAllArticles) {
        const Result<Money> opening = balance(ofAccount, account, article, period.previous());
        if (!opening)
            return opening.error();
        Result<TurnoverRow> row = turnoverRow(article, period, opening.value(), ofAccount);
        if (!row)
            return row.error();
        rows.append(row.value());
    }
    return rows;
}

Error checkLedger(const QList<Posting> &postings, const QList<TurnoverRow> &stored, AccountId account)
{
    for (const Posting &p : postings) {
        if (p.amount.isNegative() || !p.period.isValid() || !p.account.isValid())
            return Error::make(u"ledger.mismatch"_s, {}, {}, u"malformed posting "_s + QString::number(p.id));
    }
    QList<Posting> ofAccount;
    for (const Posting &p : postings) {
        if (p.account == account)
            ofAccount.append(p);
    }
    for (const TurnoverRow &s : stored) {
        const Result<Money> opening = balance(ofAccount, account, s.article, s.period.previous());
        if (!opening)
            return opening.error();
        const Result<TurnoverRow> derived = turnoverRow(s.article, s.period, opening.value(), ofAccount);
        if (!derived)
            return derived.error();
        if (!(derived.value() == s))
            return Error::make(u"ledger.mismatch"_s, {}, {},
                               toString(s.article) + u' ' + s.period.toString() + u": stored closing "_s +
                                   s.closing().toString() + u", postings give "_s +
                                   derived.value().closing().toString());
    }
    return {};
}

} // namespace oblik::billing
