#pragma once
// The turnover statement of one period (reference 004): per article the opening debit and credit,
// charged, paid, the closing debit and credit, and a totals row.

#include "api/billingtypes.h"
#include "models/billingtablemodel.h"

namespace oblik::client {

class TurnoverModel : public BillingTableModel
{
    Q_OBJECT
public:
    enum Column {
        Article,
        OpeningDebit,
        OpeningCredit,
        Charged,
        Paid,
        ClosingDebit,
        ClosingCredit,
        ColumnCount
    };

    explicit TurnoverModel(QObject *parent = nullptr);

    void setItems(const QList<billing::TurnoverRow> &items);
    const QList<billing::TurnoverRow> &items() const { return m_items; }

protected:
    QStringList headers() const override;
    void rebuild() override;

private:
    QList<billing::TurnoverRow> m_items;
};

} // namespace oblik::client
