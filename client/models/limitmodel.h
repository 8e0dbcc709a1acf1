#pragma once
// The account's contracted limits over time: monthly energy and power (the power limit is shown,
// not charged: docs/billing.md).

#include "api/billingtypes.h"
#include "models/billingtablemodel.h"

namespace oblik::client {

class LimitModel : public BillingTableModel
{
    Q_OBJECT
public:
    enum Column { MonthlyEnergy, Power, ValidFrom, ValidTo, ColumnCount };

    explicit LimitModel(QObject *parent = nullptr);

    void setLimits(const QList<billing::Limit> &items);
    const QList<billing::Limit> &items() const { return m_items; }

protected:
    QStringList headers() const override;
    void rebuild() override;

private:
    static Cell powerCell(const QString &kw);

    QList<billing::Limit> m_items;
};

} // namespace oblik::client
