#pragma once
// The payments of an account (paid on, period, article, amount, bank, MFO, purpose) with what
// each paid: the invoices it was allocated to, and what stayed as credit.

#include "api/billingtypes.h"
#include "models/billingtablemodel.h"

namespace oblik::client {

class PaymentModel : public BillingTableModel
{
    Q_OBJECT
public:
    enum Column {
        PaidOn,
        Period,
        Article,
        Amount,
        AllocatedTo,
        Unallocated,
        Bank,
        Mfo,
        Purpose,
        ColumnCount
    };

    explicit PaymentModel(QObject *parent = nullptr);

    void setPayments(const QList<billing::Payment> &items);
    const QList<billing::Payment> &items() const { return m_items; }

protected:
    QStringList headers() const override;
    void rebuild() override;

private:
    QList<billing::Payment> m_items;
};

} // namespace oblik::client
