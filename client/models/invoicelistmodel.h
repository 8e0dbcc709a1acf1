#pragma once
// The invoices of an account (reference 000's list: number, formed, pay by, charged, paid,
// remaining, type, signature status), newest first until a header is clicked. The dashboard uses
// it with unpaidOnly: the invoices with something left to pay, and a totals row.

#include "api/billingtypes.h"
#include "models/billingtablemodel.h"

namespace oblik::client {

class InvoiceListModel : public BillingTableModel
{
    Q_OBJECT
public:
    enum Column { Number, Period, Formed, PayBy, Charged, Paid, Remaining, Type, Signature, ColumnCount };

    explicit InvoiceListModel(QObject *parent = nullptr);

    void setUnpaidOnly(bool unpaidOnly);
    void setInvoices(const QList<billing::Invoice> &invoices);
    const QList<billing::Invoice> &invoices() const { return m_invoices; }
    // The invoice of a row (by its id, whatever the sort), if any.
    std::optional<billing::Invoice> invoiceAt(int row) const;
    // Σ remaining of the shown invoices.
    Money totalRemaining() const;

protected:
    QStringList headers() const override;
    void rebuild() override;

private:
    QList<billing::Invoice> m_invoices;
    bool m_unpaidOnly = false;
};

} // namespace oblik::client
