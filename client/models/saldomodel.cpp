#include "models/saldomodel.h"

#include "models/billingformat.h"
#include "models/displayformat.h"

using namespace Qt::StringLiterals;

namespace oblik::client {

SaldoModel::SaldoModel(QObject *parent) : BillingTableModel(parent) {}

QStringList SaldoModel::headers() const
{
    if (!m_period.isValid())
        return {tr("Article"), tr("Debt"), tr("Overpayment"), tr("Charged this period"),
                tr("Paid this period")};
    // The period by name: "0.00 charged this period" on the first days of a month read as an error.
    const QString period = format::period(m_period);
    return {tr("Article"), tr("Debt"), tr("Overpayment"), tr("Charged in\n%1").arg(period),
            tr("Paid in\n%1").arg(period)};
}

void SaldoModel::setTurnover(const QList<billing::TurnoverRow> &items, Period period)
{
    m_items = items;
    m_period = period;
    rebuild();
}

Money SaldoModel::balance() const
{
    qint64 sum = 0;
    for (const billing::TurnoverRow &t : m_items)
        sum += t.saldo().kopecks();
    return Money::fromKopecks(sum);
}

void SaldoModel::rebuild()
{
    QList<Row> rows;
    qint64 debt = 0, credit = 0, charged = 0, paid = 0;
    for (const billing::TurnoverRow &t : std::as_const(m_items)) {
        if (t.closingDebit.isZero() && t.closingCredit.isZero() && t.charged.isZero() && t.paid.isZero())
            continue;
        debt += t.closingDebit.kopecks();
        credit += t.closingCredit.kopecks();
        charged += t.charged.kopecks();
        paid += t.paid.kopecks();
        Row r;
        r.cells = {textCell(format::article(t.article)), moneyCell(t.closingDebit, true),
                   moneyCell(t.closingCredit, true), moneyCell(t.charged), moneyCell(t.paid)};
        rows.append(r);
    }
    std::optional<Row> totals;
    if (!rows.isEmpty()) {
        Row t;
        t.cells = {textCell(tr("Total")), moneyCell(Money::fromKopecks(debt)),
                   moneyCell(Money::fromKopecks(credit)), moneyCell(Money::fromKopecks(charged)),
                   moneyCell(Money::fromKopecks(paid))};
        totals = t;
    }
    setRows(rows, totals);
}

} // namespace oblik::client
