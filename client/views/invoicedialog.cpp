#include "views/invoicedialog.h"

#include "api/apiclient.h"
#include "api/billingjobs.h"
#include "api/errortext.h"
#include "local/localstore.h"
#include "models/billingformat.h"
#include "models/displayformat.h"
#include "models/invoicelinemodel.h"
#include "views/billingpage.h"
#include "views/tableexport.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

InvoiceDialog::InvoiceDialog(ApiClient *api, LocalStore *store, AccountId account,
                             const billing::Invoice &summary, QWidget *parent)
    : QDialog(parent), m_api(api), m_store(store), m_account(account), m_invoice(summary),
      m_header(new QLabel), m_lines(new InvoiceLineModel(this)), m_page(new BillingPage(u"invoiceLines"_s)),
      m_document(new QPushButton)
{
    setObjectName(u"InvoiceDialog"_s);
    setWindowTitle(tr("Invoice %1").arg(summary.number));
    resize(900, 460);
    auto *layout = new QVBoxLayout(this);
    m_header->setObjectName(u"invoiceHeader"_s);
    m_header->setTextFormat(Qt::RichText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_header);
    m_page->addTable(m_lines, u"invoiceLineTable"_s);
    m_page->setEmptyText(tr("This invoice has no lines."));
    m_page->setExportTitle(tr("Invoice %1").arg(summary.number));
    m_page->setExportContext([this] {
        return TableExport::Context{
            tr("Invoice %1 of %2, period %3")
                .arg(m_invoice.number, format::date(m_invoice.date), format::period(m_invoice.period)),
            tr("Invoice %1").arg(m_invoice.number)};
    });
    layout->addWidget(m_page, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // The invoice package (invoice, breakdown, acts) as a PDF to view, print or save.
    m_document->setObjectName(u"invoicePackage"_s);
    m_document->setText(tr("Invoice &package"));
    m_document->setToolTip(tr("The invoice with its breakdown and acts as a document to print or save"));
    m_document->setEnabled(summary.id != 0);
    buttons->addButton(m_document, QDialogButtonBox::ActionRole);
    connect(m_document, &QPushButton::clicked, this, &InvoiceDialog::documentRequested);
    layout->addWidget(buttons);
    connect(m_page, &BillingPage::retryRequested, this, &InvoiceDialog::load);
    showInvoice(summary);
}

InvoiceDialog::~InvoiceDialog()
{
    if (m_job)
        m_job->abort();
}

void InvoiceDialog::showInvoice(const billing::Invoice &i)
{
    m_invoice = i;
    const auto row = [](const QString &caption, const QString &value) {
        return u"<tr><td style=\"padding-right:12px\">%1</td><td><b>%2</b></td></tr>"_s.arg(
            caption.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QString left = row(tr("Number"), i.number) + row(tr("Type"), format::invoiceType(i.type)) +
                   row(tr("Period"), format::period(i.period)) + row(tr("Formed"), format::date(i.date)) +
                   row(tr("Pay by"), format::date(i.dueDate));
    QString right = row(tr("Without VAT"), format::money(i.net)) + row(tr("VAT"), format::money(i.vat)) +
                    row(tr("Amount with VAT"), format::money(i.amount)) +
                    row(tr("Paid"), format::money(i.paid)) +
                    row(tr("Remaining"), format::money(i.remaining)) +
                    row(tr("Signature"), format::signatureStatus(i.signatureStatus));
    m_header->setText(u"<table><tr><td valign=top><table>%1</table></td><td width=40></td>"
                      "<td valign=top><table>%2</table></td></tr></table>"_s.arg(left, right));
    m_lines->setLines(i.lines);
}

void InvoiceDialog::load()
{
    if (m_job)
        m_job->abort();
    const QString kind = u"invoice/%1"_s.arg(m_invoice.id);
    bool cached = false;
    if (m_store) {
        if (const auto c = m_store->cachedBilling(m_account, kind)) {
            if (const auto inv = billing::invoiceDetailFromJson(c->json)) {
                showInvoice(inv.value());
                m_page->showCached(u"invoice"_s, QDateTime::fromMSecsSinceEpoch(c->fetchedAtMs));
                cached = true;
            }
        }
    }
    m_page->beginLoad(u"invoice"_s);
    m_job = m_api->invoice(m_account, m_invoice.id);
    connect(m_job, &InvoiceJob::finished, this,
            [this, kind](const billing::Invoice &inv, const QByteArray &body) {
                if (m_store)
                    m_store->cacheBilling(m_account, kind, body);
                showInvoice(inv);
                m_page->showFresh(u"invoice"_s);
                Q_EMIT loaded(true);
            });
    connect(m_job, &ApiJob::failed, this, [this, cached](const Error &e) {
        const QString why = tr("The invoice could not be loaded: %1").arg(client::errorText(e));
        if (cached) {
            const auto c = m_store->cachedBilling(m_account, u"invoice/%1"_s.arg(m_invoice.id));
            m_page->showCached(u"invoice"_s, QDateTime::fromMSecsSinceEpoch(c ? c->fetchedAtMs : 0), why);
        } else {
            m_page->showError(u"invoice"_s, why);
        }
        Q_EMIT loaded(false);
    });
}

} // namespace oblik::client
