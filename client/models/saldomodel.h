#pragma once
// The dashboard's saldo by article, from the turnover statement of the current period: what is
// owed (closing debit) or overpaid (closing credit) per article, articles with nothing left out,
// and a totals row.

#include "api/billingtypes.h"
#include "models/billingtablemodel.h"

namespace oblik::client {

class SaldoModel : public BillingTableModel
{
    Q_OBJECT
public:
    enum Column { Article, Debt, Overpayment, Charged, Paid, ColumnCount };

    explicit SaldoModel(QObject *parent = nullptr);

    // `period`: the statement's period, named in the charged and paid columns' headers.
    void setTurnover(const QList<billing::TurnoverRow> &items, Period period = {});
    const QList<billing::TurnoverRow> &items() const { return m_items; }
    // Σ closing debit − Σ closing credit: > 0 owed, < 0 overpaid.
    Money balance() const;

protected:
    QStringList headers() const override;
    void rebuild() override;

private:
    QList<billing::TurnoverRow> m_items;
    Period m_period;
};

} // namespace oblik::client
