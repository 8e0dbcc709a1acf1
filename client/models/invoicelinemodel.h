#pragma once
// The lines of one invoice (kind, zone or the service's description, quantity, tariff, coefficient,
// net, VAT, amount) and a totals row: the lines add up to the invoice exactly (docs/billing.md,
// "Documents and VAT").

#include "api/billingtypes.h"
#include "models/billingtablemodel.h"

namespace oblik::client {

class InvoiceLineModel : public BillingTableModel
{
    Q_OBJECT
public:
    enum Column { Kind, Zone, Quantity, Tariff, Coefficient, Net, Vat, Amount, ColumnCount };

    explicit InvoiceLineModel(QObject *parent = nullptr);

    void setLines(const QList<billing::InvoiceLine> &items);
    const QList<billing::InvoiceLine> &items() const { return m_lines; }

protected:
    QStringList headers() const override;
    void rebuild() override;

private:
    QList<billing::InvoiceLine> m_lines;
};

} // namespace oblik::client
