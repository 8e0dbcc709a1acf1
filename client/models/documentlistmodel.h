#pragma once
// The documents of an account (docs/documents.md, "Client"): type, number, date, period, amount,
// signature status and whether the server keeps the issued copy, newest first as the server sends
// them. Documents have text ids ("invoice_package:123"), so IdRole holds the item's position + 1
// and item(id) gives it back whatever the sort.

#include "api/documentjobs.h"
#include "models/billingtablemodel.h"

namespace oblik::client {

class DocumentListModel : public BillingTableModel
{
    Q_OBJECT
public:
    enum Column { Kind, Number, Date, Month, Amount, Signature, Stored, ColumnCount };

    explicit DocumentListModel(QObject *parent = nullptr);

    void setItems(const QList<DocumentItem> &items);
    const QList<DocumentItem> &items() const { return m_items; }
    // The item of an IdRole value; null for 0 or one out of range.
    const DocumentItem *item(qint64 id) const;

    // "Invoice package", "Tax invoice", "Readings act" (the kind as sent when unknown).
    static QString kindText(const QString &kind);

protected:
    QStringList headers() const override;
    void rebuild() override;

private:
    QList<DocumentItem> m_items;
};

} // namespace oblik::client
