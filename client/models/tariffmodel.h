#pragma once
// The parameters that priced the account over time (tariffs, zone coefficients, reactive and
// generation tariffs, the over-limit multiple, VAT), each with its validity, newest first.

#include "api/billingtypes.h"
#include "models/billingtablemodel.h"

namespace oblik::client {

class TariffModel : public BillingTableModel
{
    Q_OBJECT
public:
    enum Column { Parameter, AppliesTo, Value, ValidFrom, ValidTo, ColumnCount };

    explicit TariffModel(QObject *parent = nullptr);

    void setParameters(const QList<billing::TariffParameter> &items);
    const QList<billing::TariffParameter> &items() const { return m_items; }

protected:
    QStringList headers() const override;
    void rebuild() override;

private:
    QList<billing::TariffParameter> m_items;
};

} // namespace oblik::client
