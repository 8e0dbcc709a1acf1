#pragma once
// One invoice: its header (number, type, period, dates, amounts without and with VAT, paid,
// remaining, signature) and its lines (kind, zone, quantity, tariff, coefficient, net, VAT,
// amount) with their total. The lines come from the local store at once when it kept them, then
// from the server; offline the saved copy stays, marked with its time.

#include "api/billingjobs.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QPushButton;

namespace oblik::client {

class ApiClient;
class BillingPage;
class InvoiceJob;
class InvoiceLineModel;
class LocalStore;

class InvoiceDialog : public QDialog
{
    Q_OBJECT
public:
    // The store may be null (nothing cached).
    InvoiceDialog(ApiClient *api, LocalStore *store, AccountId account, const billing::Invoice &summary,
                  QWidget *parent = nullptr);
    ~InvoiceDialog() override;

    void load();
    InvoiceLineModel *lineModel() const { return m_lines; }
    BillingPage *page() const { return m_page; }
    QLabel *headerLabel() const { return m_header; }
    const billing::Invoice &invoice() const { return m_invoice; }

    QPushButton *documentButton() const { return m_document; }

Q_SIGNALS:
    void loaded(bool fromServer);
    // "Invoice package": the invoice as a document (the controller opens the viewer).
    void documentRequested();

private:
    void showInvoice(const billing::Invoice &invoice);

    ApiClient *m_api;
    LocalStore *m_store;
    AccountId m_account;
    billing::Invoice m_invoice;
    QLabel *m_header;
    InvoiceLineModel *m_lines;
    BillingPage *m_page;
    QPushButton *m_document;
    QPointer<InvoiceJob> m_job;
};

} // namespace oblik::client
