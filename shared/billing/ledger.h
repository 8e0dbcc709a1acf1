#pragma once
// Ledger arithmetic, pure: postings (append-only; a correction is a new posting, never an edit),
// balances and the turnover statement per article and period derived from them (reference 004:
// opening debit, opening credit, charged, paid, closing debit, closing credit).
// Sign convention: a debit raises what the consumer owes, a credit lowers it; balance > 0 is a debt
// (debit balance), balance < 0 an overpayment (credit balance).

#include "billing/article.h"
#include "billing/calculation.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/money.h"
#include "core/period.h"

#include <QDate>
#include <QList>
#include <QString>
#include <optional>

namespace oblik::billing {

enum class PostingKind { Charge, Payment, Correction };
enum class Side { Debit, Credit };

QString toString(PostingKind k); // "charge", "payment", "correction"
QString toString(Side s);        // "debit", "credit"
std::optional<PostingKind> postingKindFromString(const QString &s);
std::optional<Side> sideFromString(const QString &s);

struct Posting
{
    qint64 id = 0; // assigned by the store
    AccountId account;
    Article article = Article::ActiveEnergy;
    Period period; // the period the posting belongs to (a payment: the period it was registered in)
    PostingKind kind = PostingKind::Charge;
    Side side = Side::Debit;
    Money amount;          // never negative; the side says which way it counts
    qint64 documentId = 0; // the invoice or payment it comes from
    QDate date;

    // +amount for a debit, -amount for a credit.
    Money signedAmount() const
    {
        return side == Side::Debit ? amount : Money::fromKopecks(-amount.kopecks());
    }
    friend bool operator==(const Posting &, const Posting &) = default;
};

// A posting from a signed amount: >= 0 a debit, < 0 a credit of its absolute value.
Posting makePosting(AccountId account, Article article, Period period, PostingKind kind, Money signedAmount,
                    qint64 documentId = 0, QDate date = {});

// The charge postings of a calculation, one per document (its gross), and of correction documents
// (kind Correction). documentIds, when given, are the stored invoices' ids in the same order.
QList<Posting> chargePostings(AccountId account, Period period, const QList<InvoiceDraft> &documents,
                              QDate date, const QList<qint64> &documentIds = {});

// One line of the turnover statement. Charged counts charges and corrections (debit - credit),
// paid counts payments (credit - debit, so a refund lowers it). Each side of a balance is shown as a
// non-negative amount in its column: a balance is either a debit or a credit, never both.
struct TurnoverRow
{
    Article article = Article::ActiveEnergy;
    Period period;
    Money openingDebit;
    Money openingCredit;
    Money charged;
    Money paid;
    Money closingDebit;
    Money closingCredit;

    Money opening() const { return Money::fromKopecks(openingDebit.kopecks() - openingCredit.kopecks()); }
    Money closing() const { return Money::fromKopecks(closingDebit.kopecks() - closingCredit.kopecks()); }
    // opening + charged - paid == closing, and neither balance has both a debit and a credit.
    bool isConsistent() const;
    friend bool operator==(const TurnoverRow &, const TurnoverRow &) = default;
};

// The row of an article and period from the signed balance before the period and the period's
// postings (postings of other articles or periods are ignored). Error money.overflow.
Result<TurnoverRow> turnoverRow(Article article, Period period, Money opening,
                                const QList<Posting> &postings);

// The statement of an account for a period, one row per article in kAllArticles order (zero rows
// included, as reference 004 shows them), from all the account's postings up to and including the
// period (the opening balance is the sum of every earlier posting).
Result<QList<TurnoverRow>> turnover(const QList<Posting> &postings, AccountId account, Period period);

// The signed balance of an account's article after `upTo` (included; an invalid period = all).
Result<Money> balance(const QList<Posting> &postings, AccountId account, Article article, Period upTo = {});

// What check-ledger proves for stored data: every posting is well formed (amount >= 0, valid period,
// valid account) and every stored turnover row equals the one derived from the postings. A null
// Error when all agree; otherwise ledger.mismatch with detail naming the first difference.
Error checkLedger(const QList<Posting> &postings, const QList<TurnoverRow> &stored, AccountId account);

} // namespace oblik::billing
