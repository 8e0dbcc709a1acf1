#pragma once
// The report of a bill run: every account that failed, and why in words (the calc.* error with
// its arguments).

#include "api/billingtypes.h"
#include "models/billingtablemodel.h"

namespace oblik::client {

class BillRunFailureModel : public BillingTableModel
{
    Q_OBJECT
public:
    enum Column { Account, Reason, ColumnCount };

    explicit BillRunFailureModel(QObject *parent = nullptr);

    void setFailures(const QList<billing::BillRunFailure> &items);
    const QList<billing::BillRunFailure> &items() const { return m_items; }

protected:
    QStringList headers() const override;
    void rebuild() override;

private:
    QList<billing::BillRunFailure> m_items;
};

} // namespace oblik::client
