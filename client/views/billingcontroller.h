#pragma once
// The billing screens of one account: balance (saldo by article and unpaid invoices), invoices,
// tax invoices, payments, the turnover statement by period, and tariffs with limits. Each list
// opens at once from the local store's last copy (marked "as of <time>"), then from the server,
// whose answer replaces the copy; offline the copy stays with the reason. Nothing waits on the
// network. It also opens the invoice detail, "Calculate", the clerk's "Register payment",
// "Services invoice" and bill run, refreshing the lists they change.

#include "api/billingjobs.h"
#include "api/documentjobs.h"
#include "core/clock.h"
#include "core/error.h"
#include "domain/entities.h"
#include "views/tableexport.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>

class QComboBox;
class QLabel;
class QPushButton;
class QWidget;

namespace oblik::client {

class ApiClient;
class ApiJob;
class BillingPage;
class DocumentListModel;
class DocumentOpener;
class DocumentViewer;
class InvoiceListModel;
class LimitModel;
class LocalStore;
class PaymentModel;
class SaldoModel;
class TariffModel;
class TaxInvoiceModel;
class TurnoverModel;
class SignaturesDialog;
namespace sign {
class DocumentSigner;
}

class BillingController : public QObject
{
    Q_OBJECT
public:
    enum class Page { Balance, Invoices, TaxInvoices, Payments, Turnover, Tariffs, Documents };

    BillingController(ApiClient *api, const Clock &clock = Clock::system(), QObject *parent = nullptr);
    ~BillingController() override;

    // The pages, for the main window's tabs (owned by the caller's widget tree once added).
    BillingPage *page(Page p) const;
    QList<BillingPage *> pages() const;
    // The tab text of a page, in the current language.
    static QString title(Page p);

    void setStore(LocalStore *store);
    void setUser(const domain::User &user);
    // Shows the account: every page from the store at once; the given page is fetched.
    void setAccount(const domain::AccountDetail &account);
    void clear();
    bool hasAccount() const { return m_hasAccount; }

    // Fetches what the page shows (the tab was opened, Refresh, Retry).
    void load(Page p);
    void loadPage(QWidget *page);

    // "Calculate" is offered: a clerk or admin, or a consumer whose contract allows it. The reason
    // when it is not, in words.
    bool canCalculate(QString *whyNot = nullptr) const;
    bool isClerk() const;

    // Opens the dialogs (non-modal, deleted on close).
    void showInvoice(qint64 invoiceId);
    void showCalculate();
    void showRegisterPayment();
    // The clerk's "Services invoice…" for the account shown.
    void showServicesInvoice();
    void showBillRun();

    // Documents (docs/documents.md, "Client"): each opens in a DocumentViewer, from the local
    // store's copy at once and then from the server, in the document language of the settings.
    DocumentViewer *openDocument(const DocumentItem &item);
    DocumentViewer *openInvoicePackage(qint64 invoiceId, const QString &number);
    DocumentViewer *openTaxInvoice(qint64 taxInvoiceId);
    DocumentViewer *openTurnoverStatement();
    DocumentViewer *openPaymentHistory(QDate from, QDate to);
    DocumentViewer *openReadingsAct(Period period, bool blank);
    // "Payment history…": asks for the date range, then opens it.
    void showPaymentHistory();
    // "Save…" of the documents list: asks where, then writes the document's bytes there.
    void saveDocument(const DocumentItem &item);
    // The same without asking; done(error in words, "" = saved) when written.
    void saveDocumentTo(const DocumentItem &item, const QString &path,
                        std::function<void(const QString &)> done = {});
    // Signatures (docs/signatures.md, "Client"). Without a signer (not owned) the documents tab
    // offers no Sign…; the lists then show the server's statuses only.
    void setSigner(sign::DocumentSigner *signer);
    sign::DocumentSigner *signer() const { return m_signer; }
    // "Sign…": the key (SignDialog), then every document with a progress dialog that can cancel.
    void signDocuments(const QList<DocumentItem> &items);
    // "Signatures…": the signature panel of the document in a dialog (verified on this computer,
    // the server's verdict beside it).
    SignaturesDialog *showSignatures(const DocumentItem &item);
    // "Save with signatures…": asks ZIP or ASiC-S and where, then downloads the package.
    void savePackage(const DocumentItem &item);
    // The same without asking; format "zip" | "asics"; done(error in words, "" = saved).
    void savePackageTo(const QString &docId, const QString &format, const QString &path,
                       std::function<void(const QString &)> done = {});
    QList<DocumentItem> selectedDocuments() const;
    QPushButton *signDocumentButton() const { return m_signDocument; }
    QPushButton *signaturesButton() const { return m_showSignatures; }
    QPushButton *savePackageButton() const { return m_savePackage; }

    DocumentOpener *documentOpener() const { return m_opener; }
    DocumentListModel *documentModel() const { return m_documentModel; }
    QPushButton *openDocumentButton() const { return m_openDocument; }
    QPushButton *saveDocumentButton() const { return m_saveDocument; }
    QPushButton *openTaxInvoiceButton() const { return m_openTax; }
    QPushButton *printTurnoverButton() const { return m_printTurnover; }
    QPushButton *paymentHistoryButton() const { return m_paymentHistory; }
    QComboBox *documentLanguageBox() const { return m_documentLanguage; }

    InvoiceListModel *invoiceModel() const { return m_invoices; }
    InvoiceListModel *unpaidModel() const { return m_unpaid; }
    SaldoModel *saldoModel() const { return m_saldo; }
    TaxInvoiceModel *taxInvoiceModel() const { return m_tax; }
    PaymentModel *paymentModel() const { return m_payments; }
    TurnoverModel *turnoverModel() const { return m_turnover; }
    TariffModel *tariffModel() const { return m_tariffs; }
    LimitModel *limitModel() const { return m_limits; }
    QComboBox *turnoverPeriodBox() const { return m_turnoverPeriod; }
    QPushButton *calculateButton() const { return m_calculate; }
    QLabel *calculateReason() const { return m_calculateReason; }
    QPushButton *registerPaymentButton() const { return m_registerPayment; }
    QPushButton *servicesInvoiceButton() const { return m_servicesInvoice; }
    QPushButton *billRunButton() const { return m_billRun; }
    bool isLoading() const;
    // The period the balance is taken from (today's) and the turnover picker's default.
    Period currentPeriod() const;

Q_SIGNALS:
    // A source arrived (fromServer) or the store's copy was shown instead after a failure.
    void loaded(const QString &source, bool fromServer);
    void message(const QString &text);
    // The dialogs, once open (for tests and screenshots).
    void dialogOpened(QWidget *dialog);

private:
    using Apply = std::function<Error(const QByteArray &)>;
    template <typename Job>
    void fetch(Job *job, const QString &source, const QString &cacheKind, QList<BillingPage *> pages,
               Apply apply);
    bool showCached(const QString &cacheKind, const QString &source, const QList<BillingPage *> &pages,
                    const Apply &apply);
    void retranslate();
    TableExport::Context exportContext(Page p) const;
    void updateActions();
    void updateHeadline();
    void fillTurnoverPeriods();
    const DocumentItem *currentDocument() const;
    QString knownSha(const QString &docId) const;
    Error applyInvoices(const QByteArray &body);
    // The server's lists with this client's signature states applied (signed_by_me, a rejection's
    // explanation).
    void applySignatureStatuses();
    void connectViewer(DocumentViewer *viewer);
    Error applyTurnover(const QByteArray &body, bool balance);
    QDate today() const { return m_clock.now().toLocalTime().date(); }

    ApiClient *m_api;
    const Clock &m_clock;
    LocalStore *m_store = nullptr;
    domain::User m_user;
    domain::AccountDetail m_account;
    bool m_hasAccount = false;

    InvoiceListModel *m_invoices;
    InvoiceListModel *m_unpaid;
    SaldoModel *m_saldo;
    TaxInvoiceModel *m_tax;
    PaymentModel *m_payments;
    TurnoverModel *m_turnover;
    TariffModel *m_tariffs;
    LimitModel *m_limits;
    DocumentListModel *m_documentModel;
    DocumentOpener *m_opener;

    BillingPage *m_balancePage;
    BillingPage *m_invoicesPage;
    BillingPage *m_taxPage;
    BillingPage *m_paymentsPage;
    BillingPage *m_turnoverPage;
    BillingPage *m_tariffsPage;
    BillingPage *m_documentsPage;
    QPushButton *m_openDocument;
    QPushButton *m_saveDocument;
    QPushButton *m_signDocument;
    QPushButton *m_showSignatures;
    QPushButton *m_savePackage;
    QLabel *m_documentLanguageLabel;
    QComboBox *m_documentLanguage;
    sign::DocumentSigner *m_signer = nullptr;
    QList<DocumentItem> m_serverDocuments;
    QList<billing::Invoice> m_serverInvoices;
    QPushButton *m_openTax;
    QPushButton *m_printTurnover;
    QPushButton *m_paymentHistory;
    bool m_documentsFresh = false; // the documents list came from the server in this session
    QComboBox *m_turnoverPeriod;
    QLabel *m_turnoverPeriodLabel;
    QPushButton *m_details;
    QPushButton *m_calculate;
    QLabel *m_calculateReason;
    QPushButton *m_registerPayment;
    QPushButton *m_servicesInvoice;
    QPushButton *m_billRun;
    QHash<QString, QPointer<ApiJob>> m_jobs;
    bool m_balanceKnown = false;
    bool m_turnoverLoaded = false;
    bool m_turnoverChosen = false; // the user picked a period: the invoices no longer move the picker
};

} // namespace oblik::client
