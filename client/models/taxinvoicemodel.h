#pragma once
// The tax invoices of an account (reference 000: number, date, without VAT, VAT, with VAT, the
// invoice it belongs to, the tax invoice it corrects).

#include "api/billingtypes.h"
#include "models/billingtablemodel.h"

#include <QHash>

namespace oblik::client {

class TaxInvoiceModel : public BillingTableModel
{
    Q_OBJECT
public:
    enum Column { Number, Date, Net, Vat, Amount, Invoice, Corrects, ColumnCount };

    explicit TaxInvoiceModel(QObject *parent = nullptr);

    void setTaxInvoices(const QList<billing::TaxInvoice> &items);
    const QList<billing::TaxInvoice> &items() const { return m_items; }
    // Invoice id -> number, to name the invoice a tax invoice belongs to (from the invoices list).
    void setInvoiceNumbers(const QHash<qint64, QString> &numbers);

private:
    QHash<qint64, QString> m_invoiceNumbers;

public:
protected:
    QStringList headers() const override;
    void rebuild() override;

private:
    QList<billing::TaxInvoice> m_items;
};

} // namespace oblik::client
