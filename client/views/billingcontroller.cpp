#include "views/billingcontroller.h"

#include "api/apiclient.h"
#include "api/billingjobs.h"
#include "api/errortext.h"
#include "api/signaturejobs.h"
#include "local/localstore.h"
#include "models/billingformat.h"
#include "models/displayformat.h"
#include "models/documentlistmodel.h"
#include "models/invoicelistmodel.h"
#include "models/limitmodel.h"
#include "models/paymentmodel.h"
#include "models/saldomodel.h"
#include "models/tariffmodel.h"
#include "models/taxinvoicemodel.h"
#include "models/turnovermodel.h"
#include "sign/documentsigner.h"
#include "sign/signingcontroller.h"
#include "translations/languages.h"
#include "views/billingpage.h"
#include "views/billrundialog.h"
#include "views/busyindicator.h"
#include "views/calculatedialog.h"
#include "views/documentopener.h"
#include "views/documentviewer.h"
#include "views/invoicedialog.h"
#include "views/paymentdialog.h"
#include "views/servicesinvoicedialog.h"
#include "views/signaturepanel.h"
#include "views/signaturesdialog.h"
#include "views/signdialog.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcBilling, "oblik.client.billing")

namespace oblik::client {

namespace {
constexpr int kTurnoverPeriods = 36;

// Retranslates the controller when its first page hears of a language change.
class LanguageWatcher : public QObject
{
public:
    LanguageWatcher(QObject *parent, std::function<void()> onChange)
        : QObject(parent), m_onChange(std::move(onChange))
    {}
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::LanguageChange)
            m_onChange();
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_onChange;
};
} // namespace

BillingController::BillingController(ApiClient *api, const Clock &clock, QObject *parent)
    : QObject(parent), m_api(api), m_clock(clock), m_invoices(new InvoiceListModel(this)),
      m_unpaid(new InvoiceListModel(this)), m_saldo(new SaldoModel(this)), m_tax(new TaxInvoiceModel(this)),
      m_payments(new PaymentModel(this)), m_turnover(new TurnoverModel(this)),
      m_tariffs(new TariffModel(this)), m_limits(new LimitModel(this)),
      m_documentModel(new DocumentListModel(this)), m_opener(new DocumentOpener(api, this)),
      m_balancePage(new BillingPage(u"balancePage"_s)), m_invoicesPage(new BillingPage(u"invoicesPage"_s)),
      m_taxPage(new BillingPage(u"taxInvoicesPage"_s)), m_paymentsPage(new BillingPage(u"paymentsPage"_s)),
      m_turnoverPage(new BillingPage(u"turnoverPage"_s)), m_tariffsPage(new BillingPage(u"tariffsPage"_s)),
      m_documentsPage(new BillingPage(u"documentsPage"_s)), m_openDocument(new QPushButton),
      m_saveDocument(new QPushButton), m_signDocument(new QPushButton), m_showSignatures(new QPushButton),
      m_savePackage(new QPushButton), m_documentLanguageLabel(new QLabel), m_documentLanguage(new QComboBox),
      m_openTax(new QPushButton), m_printTurnover(new QPushButton), m_paymentHistory(new QPushButton),
      m_turnoverPeriod(new QComboBox), m_turnoverPeriodLabel(new QLabel), m_details(new QPushButton),
      m_calculate(new QPushButton), m_calculateReason(new QLabel), m_registerPayment(new QPushButton),
      m_servicesInvoice(new QPushButton), m_billRun(new QPushButton)
{
    m_unpaid->setUnpaidOnly(true);
    m_balancePage->addTable(m_saldo, u"saldoTable"_s, 0);
    m_balancePage->addTable(m_unpaid, u"unpaidTable"_s, 1);
    m_invoicesPage->addTable(m_invoices, u"invoiceTable"_s);
    m_taxPage->addTable(m_tax, u"taxInvoiceTable"_s);
    m_paymentsPage->addTable(m_payments, u"paymentTable"_s);
    m_turnoverPage->addTable(m_turnover, u"turnoverTable"_s);
    m_tariffsPage->addTable(m_tariffs, u"tariffTable"_s, 3);
    m_tariffsPage->addTable(m_limits, u"limitTable"_s, 1);
    m_documentsPage->addTable(m_documentModel, u"documentTable"_s);

    // Documents: Open, Save…, and the language documents are asked for (the settings' choice).
    m_openDocument->setObjectName(u"openDocument"_s);
    m_saveDocument->setObjectName(u"saveDocument"_s);
    m_documentLanguage->setObjectName(u"documentLanguage"_s);
    for (const QString &lang : documentLanguages())
        m_documentLanguage->addItem(i18n::nativeName(lang), lang);
    m_documentLanguage->setCurrentIndex(std::max(0, m_documentLanguage->findData(documentLanguage())));
    m_documentLanguageLabel->setBuddy(m_documentLanguage);
    m_documentsPage->bar()->addWidget(m_openDocument);
    m_documentsPage->bar()->addWidget(m_saveDocument);
    m_signDocument->setObjectName(u"signDocument"_s);
    m_showSignatures->setObjectName(u"showSignatures"_s);
    m_savePackage->setObjectName(u"savePackage"_s);
    m_signDocument->setVisible(false);
    m_documentsPage->bar()->addWidget(m_signDocument);
    m_documentsPage->bar()->addWidget(m_showSignatures);
    m_documentsPage->bar()->addWidget(m_savePackage);
    // Several documents can be signed at once.
    m_documentsPage->table()->setSelectionMode(QAbstractItemView::ExtendedSelection);
    connect(m_signDocument, &QPushButton::clicked, this, [this] { signDocuments(selectedDocuments()); });
    connect(m_showSignatures, &QPushButton::clicked, this, [this] {
        if (const DocumentItem *d = currentDocument())
            showSignatures(*d);
    });
    connect(m_savePackage, &QPushButton::clicked, this, [this] {
        if (const DocumentItem *d = currentDocument())
            savePackage(*d);
    });
    connect(m_documentsPage->table()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { updateActions(); });
    m_documentsPage->bar()->addStretch(1);
    m_documentsPage->bar()->addWidget(m_documentLanguageLabel);
    m_documentsPage->bar()->addWidget(m_documentLanguage);
    connect(m_documentLanguage, &QComboBox::activated, this,
            [this] { setDocumentLanguage(m_documentLanguage->currentData().toString()); });
    connect(m_openDocument, &QPushButton::clicked, this, [this] {
        if (const DocumentItem *d = currentDocument())
            openDocument(*d);
    });
    connect(m_saveDocument, &QPushButton::clicked, this, [this] {
        if (const DocumentItem *d = currentDocument())
            saveDocument(*d);
    });
    connect(m_documentsPage, &BillingPage::rowActivated, this, [this](int, qint64 id) {
        if (const DocumentItem *d = m_documentModel->item(id))
            openDocument(*d);
    });
    connect(m_documentsPage->table()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { updateActions(); });
    connect(this, &BillingController::loaded, this, [this](const QString &source, bool fromServer) {
        if (source == u"documents"_s && fromServer)
            m_documentsFresh = true;
    });
    connect(m_opener, &DocumentOpener::viewerOpened, this, [this](DocumentViewer *v) {
        connectViewer(v);
        // The language box follows a choice made in a viewer.
        connect(v, &DocumentViewer::languageRequested, this, [this](const QString &lang) {
            m_documentLanguage->setCurrentIndex(std::max(0, m_documentLanguage->findData(lang)));
        });
        Q_EMIT dialogOpened(v);
    });

    // Tax invoices: open one as a document (also by double click).
    m_openTax->setObjectName(u"openTaxInvoice"_s);
    m_taxPage->bar()->addWidget(m_openTax);
    m_taxPage->bar()->addStretch(1);
    connect(m_openTax, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_taxPage->table()->currentIndex();
        if (current.isValid())
            openTaxInvoice(current.siblingAtColumn(0).data(BillingTableModel::IdRole).toLongLong());
    });
    connect(m_taxPage, &BillingPage::rowActivated, this, [this](int, qint64 id) { openTaxInvoice(id); });
    connect(m_taxPage->table()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { updateActions(); });

    // Invoices: Details…, Calculate… and why it is not offered.
    m_details->setObjectName(u"invoiceDetails"_s);
    m_calculate->setObjectName(u"calculate"_s);
    m_calculateReason->setObjectName(u"calculateReason"_s);
    m_calculateReason->setWordWrap(true);
    m_calculateReason->setStyleSheet(u"color: palette(mid);"_s);
    m_invoicesPage->bar()->addWidget(m_details);
    m_invoicesPage->bar()->addWidget(m_calculate);
    m_invoicesPage->bar()->addWidget(m_calculateReason, 1);
    m_invoicesPage->bar()->addStretch(0);
    connect(m_details, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_invoicesPage->table()->currentIndex();
        if (current.isValid())
            showInvoice(current.siblingAtColumn(0).data(InvoiceListModel::IdRole).toLongLong());
    });
    connect(m_calculate, &QPushButton::clicked, this, &BillingController::showCalculate);
    connect(m_invoicesPage->table()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { updateActions(); });
    for (BillingPage *p : {m_invoicesPage, m_balancePage})
        connect(p, &BillingPage::rowActivated, this, [this](int, qint64 id) { showInvoice(id); });

    // Payments: the clerk registers one; the bill run from the balance page.
    m_registerPayment->setObjectName(u"registerPayment"_s);
    m_paymentsPage->bar()->addWidget(m_registerPayment);
    // A services invoice is issued where the clerk registers payments (and from the Billing menu).
    m_servicesInvoice->setObjectName(u"servicesInvoice"_s);
    m_paymentsPage->bar()->addWidget(m_servicesInvoice);
    connect(m_servicesInvoice, &QPushButton::clicked, this, &BillingController::showServicesInvoice);
    m_paymentHistory->setObjectName(u"paymentHistory"_s);
    m_paymentsPage->bar()->addWidget(m_paymentHistory);
    m_paymentsPage->bar()->addStretch(1);
    connect(m_paymentHistory, &QPushButton::clicked, this, &BillingController::showPaymentHistory);
    connect(m_registerPayment, &QPushButton::clicked, this, &BillingController::showRegisterPayment);
    m_billRun->setObjectName(u"billRun"_s);
    m_balancePage->bar()->addStretch(1);
    m_balancePage->bar()->addWidget(m_billRun);
    connect(m_billRun, &QPushButton::clicked, this, &BillingController::showBillRun);

    // Turnover: the period picker.
    m_turnoverPeriod->setObjectName(u"turnoverPeriod"_s);
    m_turnoverPeriodLabel->setBuddy(m_turnoverPeriod);
    m_turnoverPage->bar()->addWidget(m_turnoverPeriodLabel);
    m_turnoverPage->bar()->addWidget(m_turnoverPeriod);
    m_printTurnover->setObjectName(u"printTurnover"_s);
    m_turnoverPage->bar()->addWidget(m_printTurnover);
    m_turnoverPage->bar()->addStretch(1);
    connect(m_printTurnover, &QPushButton::clicked, this, &BillingController::openTurnoverStatement);
    connect(m_turnoverPeriod, &QComboBox::activated, this, [this] {
        m_turnoverChosen = true;
        load(Page::Turnover);
    });

    connect(m_balancePage, &BillingPage::retryRequested, this, [this] { load(Page::Balance); });
    connect(m_invoicesPage, &BillingPage::retryRequested, this, [this] { load(Page::Invoices); });
    connect(m_taxPage, &BillingPage::retryRequested, this, [this] { load(Page::TaxInvoices); });
    connect(m_paymentsPage, &BillingPage::retryRequested, this, [this] { load(Page::Payments); });
    connect(m_turnoverPage, &BillingPage::retryRequested, this, [this] { load(Page::Turnover); });
    connect(m_tariffsPage, &BillingPage::retryRequested, this, [this] { load(Page::Tariffs); });
    connect(m_documentsPage, &BillingPage::retryRequested, this, [this] { load(Page::Documents); });
    // Export and print: the account (and the statement's period) heads the printout and names the file.
    const std::pair<BillingPage *, Page> exportPages[] = {
        {m_balancePage, Page::Balance},    {m_invoicesPage, Page::Invoices}, {m_taxPage, Page::TaxInvoices},
        {m_paymentsPage, Page::Payments},  {m_turnoverPage, Page::Turnover}, {m_tariffsPage, Page::Tariffs},
        {m_documentsPage, Page::Documents}};
    for (const auto &[page, which] : exportPages)
        page->setExportContext([this, which] { return exportContext(which); });
    m_balancePage->installEventFilter(new LanguageWatcher(this, [this] { retranslate(); }));
    fillTurnoverPeriods();
    retranslate();
}

BillingController::~BillingController()
{
    for (const QPointer<ApiJob> &job : std::as_const(m_jobs))
        if (job)
            job->abort();
}

BillingPage *BillingController::page(Page p) const
{
    switch (p) {
    case Page::Balance:
        return m_balancePage;
    case Page::Invoices:
        return m_invoicesPage;
    case Page::TaxInvoices:
        return m_taxPage;
    case Page::Payments:
        return m_paymentsPage;
    case Page::Turnover:
        return m_turnoverPage;
    case Page::Tariffs:
        return m_tariffsPage;
    case Page::Documents:
        return m_documentsPage;
    }
    return nullptr;
}

QList<BillingPage *> BillingController::pages() const
{
    return {m_balancePage,  m_invoicesPage, m_taxPage,      m_paymentsPage,
            m_turnoverPage, m_tariffsPage,  m_documentsPage};
}

QString BillingController::title(Page p)
{
    switch (p) {
    case Page::Balance:
        return tr("Balance");
    case Page::Invoices:
        return tr("Invoices");
    case Page::TaxInvoices:
        return tr("Tax invoices");
    case Page::Payments:
        return tr("Payments");
    case Page::Turnover:
        return tr("Turnover statement");
    case Page::Tariffs:
        return tr("Tariffs and limits");
    case Page::Documents:
        return tr("Documents");
    }
    return {};
}

TableExport::Context BillingController::exportContext(Page p) const
{
    if (!m_hasAccount)
        return {};
    TableExport::Context c;
    c.heading = tr("Account %1, %2").arg(m_account.number, m_account.consumer.name);
    c.fileStem = title(p) + u' ' + m_account.number;
    if (p == Page::Turnover) {
        const Period period = Period::fromYyyymm(m_turnoverPeriod->currentData().toInt());
        if (period.isValid()) {
            c.heading += u"; "_s + format::period(period);
            c.fileStem += u' ' + period.toString();
        }
    }
    return c;
}

void BillingController::retranslate()
{
    for (BillingTableModel *m :
         std::initializer_list<BillingTableModel *>{m_invoices, m_unpaid, m_saldo, m_tax, m_payments,
                                                    m_turnover, m_tariffs, m_limits, m_documentModel})
        m->retranslate();
    for (BillingPage *page : pages())
        page->setExportTitle(title(Page(pages().indexOf(page))));
    m_balancePage->setTableTitle(0, tr("Saldo by article"));
    m_balancePage->setTableTitle(1, tr("Unpaid invoices"));
    m_balancePage->setEmptyText(tr("Nothing charged and nothing paid yet: the balance is zero."));
    m_invoicesPage->setEmptyText(tr("No invoices yet. Invoices appear here once a period is calculated."));
    m_taxPage->setEmptyText(tr("No tax invoices yet."));
    m_paymentsPage->setEmptyText(tr("No payments registered yet."));
    m_turnoverPage->setEmptyText(tr("No turnover statement for this period."));
    m_tariffsPage->setTableTitle(0, tr("Tariffs and parameters in force over time"));
    m_tariffsPage->setTableTitle(1, tr("Contracted limits"));
    m_tariffsPage->setEmptyText(tr("No tariffs are known for this account yet."));
    m_turnoverPeriodLabel->setText(tr("&Period:"));
    m_details->setText(tr("&Details…"));
    m_calculate->setText(tr("&Calculate…"));
    m_registerPayment->setText(tr("&Register payment…"));
    m_servicesInvoice->setText(tr("Ser&vices invoice…"));
    m_servicesInvoice->setToolTip(tr("An invoice for services to this account: meter replacement, "
                                     "reconnection and the like"));
    m_billRun->setText(tr("&Bill run…"));
    m_documentsPage->setEmptyText(
        tr("No documents yet. Invoice packages, tax invoices and readings acts appear here once issued."));
    m_openDocument->setText(tr("&Open"));
    m_saveDocument->setText(tr("&Save…"));
    m_signDocument->setText(tr("Si&gn…"));
    m_signDocument->setToolTip(tr("Sign the selected documents with your token, smart card or key file"));
    m_showSignatures->setText(tr("Signa&tures…"));
    m_showSignatures->setToolTip(tr("Who signed the document, checked on this computer"));
    m_savePackage->setText(tr("Save with signatures…"));
    m_savePackage->setToolTip(tr("The document with its signatures as a ZIP or ASiC-S container"));
    m_documentLanguageLabel->setText(tr("Document &language:"));
    m_documentLanguage->setToolTip(tr("The language documents are printed in"));
    m_openTax->setText(tr("&Open tax invoice"));
    m_printTurnover->setText(tr("&Print statement…"));
    m_printTurnover->setToolTip(
        tr("Opens the turnover statement of the period as a document to print or save"));
    m_paymentHistory->setText(tr("Payment &history…"));
    const int current = m_turnoverPeriod->currentIndex();
    fillTurnoverPeriods();
    m_turnoverPeriod->setCurrentIndex(current);
    updateActions();
    updateHeadline();
}

Period BillingController::currentPeriod() const
{
    return Period::fromDate(today());
}

void BillingController::fillTurnoverPeriods()
{
    const QSignalBlocker block(m_turnoverPeriod);
    m_turnoverPeriod->clear();
    Period p = currentPeriod();
    for (int i = 0; i < kTurnoverPeriods; ++i, p = p.previous())
        m_turnoverPeriod->addItem(format::period(p), p.yyyymm());
    // The last closed period is the one with a full statement.
    m_turnoverPeriod->setCurrentIndex(1);
}

void BillingController::setStore(LocalStore *store)
{
    m_store = store;
    m_opener->setStore(store);
}

void BillingController::setUser(const domain::User &user)
{
    m_user = user;
    updateActions();
}

bool BillingController::isClerk() const
{
    return m_user.role == domain::Role::Clerk || m_user.role == domain::Role::Admin;
}

bool BillingController::canCalculate(QString *whyNot) const
{
    QString why;
    if (!m_hasAccount)
        why = tr("Open an account first.");
    else if (!isClerk() && std::none_of(m_account.contracts.cbegin(), m_account.contracts.cend(),
                                        [](const domain::Contract &c) { return c.selfCalculation; }))
        why =
            tr("Your contract does not allow calculating by yourself: the supplier calculates this account.");
    if (whyNot)
        *whyNot = why;
    return why.isEmpty();
}

void BillingController::updateActions()
{
    QString why;
    const bool can = canCalculate(&why);
    m_calculate->setEnabled(can);
    m_calculate->setToolTip(why);
    m_calculateReason->setText(why);
    m_calculateReason->setVisible(!why.isEmpty());
    m_details->setEnabled(m_invoicesPage->table()->currentIndex().isValid() &&
                          m_invoicesPage->table()
                                  ->currentIndex()
                                  .siblingAtColumn(0)
                                  .data(InvoiceListModel::IdRole)
                                  .toLongLong() != 0);
    m_registerPayment->setVisible(isClerk());
    m_registerPayment->setEnabled(m_hasAccount);
    m_servicesInvoice->setVisible(isClerk());
    m_servicesInvoice->setEnabled(m_hasAccount);
    m_openDocument->setEnabled(currentDocument() != nullptr);
    m_saveDocument->setEnabled(currentDocument() != nullptr);
    m_signDocument->setVisible(m_signer != nullptr);
    m_signDocument->setEnabled(m_signer && !m_signer->isBusy() && !selectedDocuments().isEmpty());
    m_showSignatures->setEnabled(currentDocument() != nullptr);
    m_savePackage->setEnabled(currentDocument() != nullptr);
    m_openTax->setEnabled(m_taxPage->table()->currentIndex().isValid());
    m_printTurnover->setEnabled(m_hasAccount);
    m_paymentHistory->setEnabled(m_hasAccount);
    m_billRun->setVisible(isClerk());
}

void BillingController::updateHeadline()
{
    QLabel *h = m_balancePage->headline();
    if (!m_hasAccount || !m_balanceKnown) {
        h->clear();
        h->setVisible(false);
        return;
    }
    const Money balance = m_saldo->balance();
    const Money unpaid = m_unpaid->totalRemaining();
    QString text;
    if (balance.isPositive())
        text = tr("Owed on the account: <b>%1 UAH</b>").arg(format::money(balance));
    else if (balance.isNegative())
        text = tr("Overpaid (credit on the account): <b>%1 UAH</b>")
                   .arg(format::money(Money::fromKopecks(-balance.kopecks())));
    else
        text = tr("Nothing is owed on the account.");
    if (unpaid.isPositive())
        text += u"<br>"_s + tr("Left to pay on %n invoice(s): <b>%1 UAH</b>", nullptr, m_unpaid->itemCount())
                                .arg(format::money(unpaid));
    h->setText(text);
    h->setVisible(true);
}

void BillingController::setAccount(const domain::AccountDetail &account)
{
    const bool same = m_hasAccount && m_account.id == account.id;
    m_account = account;
    m_hasAccount = true;
    if (!same) {
        for (const QPointer<ApiJob> &job : std::as_const(m_jobs))
            if (job)
                job->abort();
        m_jobs.clear();
        for (BillingPage *p : pages())
            p->clearStatus();
        m_invoices->setInvoices({});
        m_unpaid->setInvoices({});
        m_saldo->setTurnover({});
        m_tax->setTaxInvoices({});
        m_payments->setPayments({});
        m_turnover->setItems({});
        m_tariffs->setParameters({});
        m_limits->setLimits({});
        m_documentModel->setItems({});
        m_serverDocuments.clear();
        m_serverInvoices.clear();
        m_serverDocuments.clear();
        m_serverInvoices.clear();
        m_documentsFresh = false;
        m_balanceKnown = false;
        m_turnoverChosen = false;
        m_turnoverLoaded = false;
        fillTurnoverPeriods();
    }
    updateActions();
    updateHeadline();
}

void BillingController::clear()
{
    for (const QPointer<ApiJob> &job : std::as_const(m_jobs))
        if (job)
            job->abort();
    m_jobs.clear();
    m_hasAccount = false;
    m_account = domain::AccountDetail();
    m_user = domain::User();
    m_balanceKnown = false;
    for (BillingPage *p : pages())
        p->clearStatus();
    m_invoices->setInvoices({});
    m_unpaid->setInvoices({});
    m_saldo->setTurnover({});
    m_tax->setTaxInvoices({});
    m_payments->setPayments({});
    m_turnover->setItems({});
    m_tariffs->setParameters({});
    m_limits->setLimits({});
    m_documentModel->setItems({});
    m_serverDocuments.clear();
    m_serverInvoices.clear();
    m_documentsFresh = false;
    updateActions();
    updateHeadline();
}

bool BillingController::isLoading() const
{
    for (const QPointer<ApiJob> &job : m_jobs)
        if (job)
            return true;
    return false;
}

void BillingController::loadPage(QWidget *page)
{
    if (page == m_balancePage)
        load(Page::Balance);
    else if (page == m_invoicesPage)
        load(Page::Invoices);
    else if (page == m_taxPage)
        load(Page::TaxInvoices);
    else if (page == m_paymentsPage)
        load(Page::Payments);
    else if (page == m_turnoverPage)
        load(Page::Turnover);
    else if (page == m_tariffsPage)
        load(Page::Tariffs);
    else if (page == m_documentsPage)
        load(Page::Documents);
}

Error BillingController::applyInvoices(const QByteArray &body)
{
    const auto list = billing::invoicesFromJson(body);
    if (!list)
        return list.error();
    m_serverInvoices = list.value();
    applySignatureStatuses();
    QHash<qint64, QString> numbers;
    for (const billing::Invoice &i : list.value())
        numbers.insert(i.id, i.number);
    m_tax->setInvoiceNumbers(numbers);
    // The statement opens on the newest billed period (the last closed one may not be billed yet).
    if (!m_turnoverChosen && !m_invoices->invoices().isEmpty()) {
        const int index = m_turnoverPeriod->findData(m_invoices->invoices().first().period.yyyymm());
        if (index >= 0 && index != m_turnoverPeriod->currentIndex()) {
            m_turnoverPeriod->setCurrentIndex(index);
            if (m_turnoverLoaded) // already on screen for the other period: this one instead
                QMetaObject::invokeMethod(
                    this, [this] { load(Page::Turnover); }, Qt::QueuedConnection);
        }
    }
    updateHeadline();
    updateActions();
    return {};
}

Error BillingController::applyTurnover(const QByteArray &body, bool balance)
{
    const auto t = billing::turnoverFromJson(body);
    if (!t)
        return t.error();
    if (balance) {
        m_saldo->setTurnover(t.value().items, t.value().period);
        m_balanceKnown = true;
        updateHeadline();
    } else {
        m_turnover->setItems(t.value().items);
    }
    return {};
}

bool BillingController::showCached(const QString &cacheKind, const QString &source,
                                   const QList<BillingPage *> &pages, const Apply &apply)
{
    if (!m_store || !m_hasAccount)
        return false;
    const auto cached = m_store->cachedBilling(m_account.id, cacheKind);
    if (!cached || !apply(cached->json).isNull())
        return false;
    for (BillingPage *p : pages)
        p->showCached(source, QDateTime::fromMSecsSinceEpoch(cached->fetchedAtMs));
    return true;
}

template <typename Job>
void BillingController::fetch(Job *job, const QString &source, const QString &cacheKind,
                              QList<BillingPage *> pages, Apply apply)
{
    // The store's copy first: the page opens at once, marked with its time.
    showCached(cacheKind, source, pages, apply);
    if (auto old = m_jobs.value(source))
        old->abort();
    m_jobs.insert(source, job);
    for (BillingPage *p : pages)
        p->beginLoad(source);
    const AccountId id = m_account.id;
    connect(job, &Job::finished, this,
            [this, id, source, cacheKind, pages, apply](const auto &, const QByteArray &body) {
                if (!m_hasAccount || m_account.id != id)
                    return;
                if (const Error e = apply(body); !e.isNull()) {
                    for (BillingPage *p : pages)
                        p->showError(source, client::errorText(e));
                    return;
                }
                if (m_store)
                    m_store->cacheBilling(id, cacheKind, body);
                for (BillingPage *p : pages)
                    p->showFresh(source);
                Q_EMIT loaded(source, true);
            });
    connect(job, &ApiJob::failed, this, [this, id, source, cacheKind, pages](const Error &e) {
        if (!m_hasAccount || m_account.id != id)
            return;
        qCInfo(lcBilling) << source << "failed:" << e.code() << e.detail();
        const QString why = client::errorText(e);
        const auto cached = m_store ? m_store->cachedBilling(id, cacheKind) : std::nullopt;
        for (BillingPage *p : pages) {
            if (cached)
                p->showCached(source, QDateTime::fromMSecsSinceEpoch(cached->fetchedAtMs), why);
            else
                p->showError(source, why);
        }
        Q_EMIT loaded(source, false);
    });
}

void BillingController::load(Page p)
{
    if (!m_hasAccount)
        return;
    const AccountId id = m_account.id;
    switch (p) {
    case Page::Balance: {
        const Period current = currentPeriod();
        fetch(m_api->turnover(id, current), u"balance"_s, u"turnover/"_s + current.toString(),
              {m_balancePage}, [this](const QByteArray &b) { return applyTurnover(b, true); });
        fetch(m_api->invoices(id), u"invoices"_s, u"invoices"_s, {m_balancePage, m_invoicesPage},
              [this](const QByteArray &b) { return applyInvoices(b); });
        break;
    }
    case Page::Invoices:
        fetch(m_api->invoices(id), u"invoices"_s, u"invoices"_s, {m_balancePage, m_invoicesPage},
              [this](const QByteArray &b) { return applyInvoices(b); });
        break;
    case Page::TaxInvoices:
        // The invoice numbers the tax invoices refer to come with the invoices list: the saved one,
        // else the server's (the Invoice column stayed empty when this tab was opened first).
        if (m_invoices->itemCount() == 0 &&
            !showCached(u"invoices"_s, u"invoices"_s, {},
                        [this](const QByteArray &b) { return applyInvoices(b); }) &&
            !m_jobs.value(u"invoices"_s))
            load(Page::Invoices);
        fetch(m_api->taxInvoices(id), u"tax_invoices"_s, u"tax_invoices"_s, {m_taxPage},
              [this](const QByteArray &b) {
                  const auto list = billing::taxInvoicesFromJson(b);
                  if (!list)
                      return list.error();
                  m_tax->setTaxInvoices(list.value());
                  return Error();
              });
        break;
    case Page::Payments:
        fetch(m_api->payments(id), u"payments"_s, u"payments"_s, {m_paymentsPage},
              [this](const QByteArray &b) {
                  const auto list = billing::paymentsFromJson(b);
                  if (!list)
                      return list.error();
                  m_payments->setPayments(list.value());
                  return Error();
              });
        break;
    case Page::Turnover: {
        // The newest billed period, for the picker: from the store's invoices, else from the server's.
        if (m_invoices->itemCount() == 0 &&
            !showCached(u"invoices"_s, u"invoices"_s, {},
                        [this](const QByteArray &b) { return applyInvoices(b); }) &&
            !m_jobs.value(u"invoices"_s))
            load(Page::Invoices);
        m_turnoverLoaded = true;
        const Period period = Period::fromYyyymm(m_turnoverPeriod->currentData().toInt());
        m_turnover->setItems({}); // another period's rows must not pass for this one's
        m_turnoverPage->clearStatus();
        fetch(m_api->turnover(id, period), u"turnover"_s, u"turnover/"_s + period.toString(),
              {m_turnoverPage}, [this](const QByteArray &b) { return applyTurnover(b, false); });
        break;
    }
    case Page::Tariffs:
        fetch(m_api->tariffs(id), u"tariffs"_s, u"tariffs"_s, {m_tariffsPage}, [this](const QByteArray &b) {
            const auto t = billing::tariffsFromJson(b);
            if (!t)
                return t.error();
            m_tariffs->setParameters(t.value().items);
            m_limits->setLimits(t.value().limits);
            return Error();
        });
        break;
    case Page::Documents:
        fetch(m_api->documents(id), u"documents"_s, u"documents"_s, {m_documentsPage},
              [this](const QByteArray &b) {
                  const auto list = documentsFromJson(b);
                  if (!list)
                      return list.error();
                  m_serverDocuments = list.value();
                  applySignatureStatuses();
                  updateActions();
                  return Error();
              });
        break;
    }
}

void BillingController::showInvoice(qint64 invoiceId)
{
    if (!m_hasAccount || invoiceId == 0)
        return;
    billing::Invoice summary;
    summary.id = invoiceId;
    for (const billing::Invoice &i : m_invoices->invoices())
        if (i.id == invoiceId)
            summary = i;
    auto *dialog = new InvoiceDialog(m_api, m_store, m_account.id, summary, m_invoicesPage->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &InvoiceDialog::documentRequested, this,
            [this, dialog] { openInvoicePackage(dialog->invoice().id, dialog->invoice().number); });
    dialog->show();
    dialog->load();
    Q_EMIT dialogOpened(dialog);
}

void BillingController::showCalculate()
{
    QString why;
    if (!canCalculate(&why)) {
        Q_EMIT message(why);
        return;
    }
    auto *dialog = new CalculateDialog(m_api, m_account.id, m_account.number, currentPeriod().previous(),
                                       m_invoicesPage->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CalculateDialog::calculated, this, [this] {
        load(Page::Invoices);
        load(Page::Balance);
    });
    dialog->show();
    Q_EMIT dialogOpened(dialog);
}

void BillingController::showRegisterPayment()
{
    if (!m_hasAccount || !isClerk())
        return;
    auto *dialog =
        new PaymentDialog(m_api, m_account.id, m_account.number, today(), m_paymentsPage->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PaymentDialog::registered, this, [this](const billing::Payment &p) {
        Q_EMIT message(tr("The payment of %1 UAH was registered.").arg(format::money(p.amount)));
        load(Page::Payments);
        load(Page::Balance);
    });
    dialog->show();
    Q_EMIT dialogOpened(dialog);
}

void BillingController::showServicesInvoice()
{
    if (!m_hasAccount || !isClerk())
        return;
    auto *dialog = new ServicesInvoiceDialog(m_api, m_account.id, m_account.number, currentPeriod(),
                                             m_paymentsPage->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The price column says with or without VAT as the supplier's VAT rule in force says
    // ("20%; from_net"), when the tariffs were seen.
    Period vatFrom;
    for (const billing::TariffParameter &t : m_tariffs->items())
        if (t.parameter == u"vat"_s && t.validFrom <= currentPeriod() && !(t.validFrom < vatFrom)) {
            vatFrom = t.validFrom;
            dialog->setVatMode(t.value.section(u';', 1).trimmed());
        }
    connect(dialog, &ServicesInvoiceDialog::issued, this, [this](const billing::Invoice &i) {
        Q_EMIT message(
            tr("Services invoice %1 of %2 UAH was issued.").arg(i.number, format::money(i.amount)));
        load(Page::Invoices);
        load(Page::Balance);
    });
    dialog->show();
    Q_EMIT dialogOpened(dialog);
}

void BillingController::showBillRun()
{
    if (!isClerk())
        return;
    auto *dialog = new BillRunDialog(m_api, m_user, currentPeriod().previous(), m_balancePage->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &BillRunDialog::runFinished, this, [this] {
        if (m_hasAccount) {
            load(Page::Invoices);
            load(Page::Balance);
        }
    });
    dialog->show();
    Q_EMIT dialogOpened(dialog);
}

const DocumentItem *BillingController::currentDocument() const
{
    const QModelIndex current = m_documentsPage->table()->currentIndex();
    if (!current.isValid())
        return nullptr;
    return m_documentModel->item(current.siblingAtColumn(0).data(BillingTableModel::IdRole).toLongLong());
}

QString BillingController::knownSha(const QString &docId) const
{
    // Only a list the server sent in this session vouches for the bytes it names.
    if (!m_documentsFresh)
        return {};
    for (const DocumentItem &d : m_documentModel->items())
        if (d.id == docId)
            return d.sha256;
    return {};
}

DocumentViewer *BillingController::openDocument(const DocumentItem &item)
{
    const auto request = DocumentRequest::fromItemId(item.id);
    if (!m_hasAccount || !request) {
        Q_EMIT message(tr("This kind of document cannot be opened by this version of Oblik."));
        return nullptr;
    }
    if (request->kind == DocumentRequest::Kind::ReadingsAct)
        return openReadingsAct(request->period, false);
    const QString title = DocumentListModel::kindText(item.kind) + u' ' + item.number;
    return m_opener->open({m_account.id, *request, title, {}, knownSha(item.id)}, m_documentsPage->window());
}

DocumentViewer *BillingController::openInvoicePackage(qint64 invoiceId, const QString &number)
{
    if (!m_hasAccount || invoiceId == 0)
        return nullptr;
    const auto request = DocumentRequest::invoicePackage(invoiceId);
    return m_opener->open(
        {m_account.id, request, tr("Invoice package %1").arg(number), {}, knownSha(request.cacheId())},
        m_invoicesPage->window());
}

DocumentViewer *BillingController::openTaxInvoice(qint64 taxInvoiceId)
{
    if (!m_hasAccount || taxInvoiceId == 0)
        return nullptr;
    QString number;
    for (const billing::TaxInvoice &t : m_tax->items())
        if (t.id == taxInvoiceId)
            number = t.number;
    const auto request = DocumentRequest::taxInvoice(taxInvoiceId);
    return m_opener->open(
        {m_account.id, request, tr("Tax invoice %1").arg(number), {}, knownSha(request.cacheId())},
        m_taxPage->window());
}

DocumentViewer *BillingController::openTurnoverStatement()
{
    if (!m_hasAccount)
        return nullptr;
    const Period period = Period::fromYyyymm(m_turnoverPeriod->currentData().toInt());
    return m_opener->open(
        {m_account.id,
         DocumentRequest::turnover(period),
         tr("Turnover statement for %1, account %2").arg(format::period(period), m_account.number),
         {},
         {}},
        m_turnoverPage->window());
}

DocumentViewer *BillingController::openPaymentHistory(QDate from, QDate to)
{
    if (!m_hasAccount)
        return nullptr;
    return m_opener->open({m_account.id,
                           DocumentRequest::paymentHistory(from, to),
                           tr("Payment history %1 – %2, account %3")
                               .arg(format::date(from), format::date(to), m_account.number),
                           {},
                           {}},
                          m_paymentsPage->window());
}

DocumentViewer *BillingController::openReadingsAct(Period period, bool blank)
{
    if (!m_hasAccount || !period.isValid())
        return nullptr;
    const QString title =
        blank ? tr("Readings act for %1 (blank), account %2") : tr("Readings act for %1, account %2");
    return m_opener->open({m_account.id,
                           DocumentRequest::readingsAct(period, blank),
                           title.arg(format::period(period), m_account.number),
                           {},
                           {}},
                          m_documentsPage->window());
}

void BillingController::showPaymentHistory()
{
    if (!m_hasAccount)
        return;
    // The range: from the start of last year's same month to today, at most five years.
    auto *dialog = new QDialog(m_paymentsPage->window());
    dialog->setObjectName(u"PaymentHistoryDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Payment history"));
    dialog->setMinimumWidth(380);
    auto *from = new QDateEdit(QDate(today().year() - 1, today().month(), 1));
    auto *to = new QDateEdit(today());
    for (QDateEdit *e : {from, to}) {
        e->setCalendarPopup(true);
        // The locale's short date with the year in full ("01.11.2025", not "01.11.25").
        QString format = QLocale().dateFormat(QLocale::ShortFormat);
        if (!format.contains(u"yyyy"_s))
            format.replace(u"yy"_s, u"yyyy"_s);
        e->setDisplayFormat(format);
    }
    from->setObjectName(u"historyFrom"_s);
    to->setObjectName(u"historyTo"_s);
    auto *why = new QLabel;
    why->setObjectName(u"historyRangeError"_s);
    why->setStyleSheet(u"color: #c62828;"_s);
    why->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Open"));
    auto *form = new QFormLayout;
    form->addRow(tr("&From:"), from);
    form->addRow(tr("&To:"), to);
    auto *layout = new QVBoxLayout(dialog);
    auto *intro =
        new QLabel(tr("The payments of account %1 between two dates, as a document to print or save.")
                       .arg(m_account.number));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(why);
    layout->addWidget(buttons);
    const auto check = [from, to, why, buttons] {
        QString text;
        if (from->date() > to->date())
            text = tr("The start date is after the end date.");
        else if (from->date().addYears(5) < to->date())
            text = tr("At most five years at a time.");
        why->setText(text);
        why->setVisible(!text.isEmpty());
        buttons->button(QDialogButtonBox::Ok)->setEnabled(text.isEmpty());
    };
    connect(from, &QDateEdit::dateChanged, dialog, check);
    connect(to, &QDateEdit::dateChanged, dialog, check);
    check();
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [this, dialog, from, to] {
        openPaymentHistory(from->date(), to->date());
        dialog->accept();
    });
    dialog->show();
    Q_EMIT dialogOpened(dialog);
}

void BillingController::saveDocument(const DocumentItem &item)
{
    const auto request = DocumentRequest::fromItemId(item.id);
    if (!m_hasAccount || !request)
        return;
    const QString name =
        DocumentOpener::fileNameFor(DocumentListModel::kindText(item.kind) + u' ' + item.number);
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(m_documentsPage->window(), tr("Save document"),
                                                      dir + u'/' + name, tr("PDF documents (*.pdf)"));
    if (!path.isEmpty())
        saveDocumentTo(item, path);
}

void BillingController::saveDocumentTo(const DocumentItem &item, const QString &path,
                                       std::function<void(const QString &)> done)
{
    const auto request = DocumentRequest::fromItemId(item.id);
    if (!m_hasAccount || !request) {
        if (done)
            done(tr("This kind of document cannot be saved by this version of Oblik."));
        return;
    }
    m_documentsPage->busyIndicator()->start(tr("Downloading the document…"));
    m_opener->fetch(
        {m_account.id, *request, item.number, {}, knownSha(item.id)}, documentLanguage(), this,
        [this, path, done](const Result<DocumentOpener::Fetched> &r) {
            if (!m_documentsPage->isLoading())
                m_documentsPage->busyIndicator()->stop();
            QString error;
            if (!r) {
                error = tr("The document could not be downloaded: %1").arg(errorText(r.error()));
            } else {
                QSaveFile file(path);
                if (!file.open(QIODevice::WriteOnly) || file.write(r.value().pdf) != r.value().pdf.size() ||
                    !file.commit())
                    error = tr("The file %1 could not be written: %2").arg(path, file.errorString());
            }
            if (error.isEmpty())
                Q_EMIT message(r.value().cachedAt.isValid()
                                   ? tr("Saved to %1 (the copy saved on this computer on %2).")
                                         .arg(QDir::toNativeSeparators(path),
                                              QLocale().toString(r.value().cachedAt, QLocale::ShortFormat))
                                   : tr("Saved to %1.").arg(QDir::toNativeSeparators(path)));
            else
                Q_EMIT message(error);
            if (done)
                done(error);
        });
}

void BillingController::setSigner(sign::DocumentSigner *signer)
{
    m_signer = signer;
    if (m_signer) {
        connect(m_signer, &sign::DocumentSigner::statusChanged, this,
                [this](AccountId account, const QString &) {
                    if (m_hasAccount && account == m_account.id)
                        applySignatureStatuses();
                });
        connect(m_signer, &sign::DocumentSigner::delivered, this,
                [this](AccountId account, const QString &, const QString &state, const QString &explanation) {
                    if (!m_hasAccount || account != m_account.id)
                        return;
                    if (state == u"rejected"_s)
                        Q_EMIT message(tr("The supplier rejected your signature: %1").arg(explanation));
                    else
                        Q_EMIT message(tr("Your signature was received by the supplier."));
                });
    }
    applySignatureStatuses();
    updateActions();
}

void BillingController::applySignatureStatuses()
{
    const AccountId account = m_hasAccount ? m_account.id : AccountId();
    m_documentModel->setItems(m_signer ? m_signer->withLocalStatus(account, m_serverDocuments)
                                       : m_serverDocuments);
    QList<billing::Invoice> invoices = m_serverInvoices;
    if (m_signer) {
        for (billing::Invoice &i : invoices) {
            const auto s =
                m_signer->status(account, DocumentRequest::invoicePackage(i.id).cacheId(), i.signatureStatus);
            i.signatureStatus = s.code;
            i.signatureReason = s.reason;
        }
    }
    m_invoices->setInvoices(invoices);
    m_unpaid->setInvoices(invoices);
}

QList<DocumentItem> BillingController::selectedDocuments() const
{
    QList<DocumentItem> out;
    const QModelIndexList rows = m_documentsPage->table()->selectionModel()->selectedRows(0);
    for (const QModelIndex &index : rows)
        if (const DocumentItem *d = m_documentModel->item(index.data(BillingTableModel::IdRole).toLongLong()))
            out.append(*d);
    if (out.isEmpty())
        if (const DocumentItem *d = currentDocument())
            out.append(*d);
    return out;
}

void BillingController::signDocuments(const QList<DocumentItem> &items)
{
    if (!m_signer || !m_hasAccount || items.isEmpty() || m_signer->isBusy())
        return;
    QWidget *window = m_documentsPage->window();
    const QString what = items.size() == 1
                             ? DocumentListModel::kindText(items.first().kind) + u' ' + items.first().number
                             : tr("%n document(s)", nullptr, int(items.size()));
    auto *dialog = new SignDialog(m_signer->controller(), what, window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const AccountId account = m_account.id;
    const QString lang = documentLanguage();
    connect(dialog, &QDialog::accepted, this, [this, dialog, items, account, lang, window] {
        auto *progress = new QProgressDialog(window);
        progress->setObjectName(u"signProgress"_s);
        progress->setAttribute(Qt::WA_DeleteOnClose);
        progress->setWindowTitle(tr("Signing"));
        progress->setLabelText(tr("Preparing…"));
        progress->setRange(0, int(items.size()));
        progress->setMinimumDuration(0);
        progress->setAutoClose(false);
        progress->setAutoReset(false);
        connect(progress, &QProgressDialog::canceled, m_signer, &sign::DocumentSigner::cancel);
        auto *context = new QObject(progress);
        connect(m_signer, &sign::DocumentSigner::progress, context,
                [progress](int done, int total, const QString &text) {
                    progress->setMaximum(total);
                    progress->setValue(done);
                    progress->setLabelText(text);
                });
        connect(m_signer, &sign::DocumentSigner::finished, context,
                [this, progress, context](int signedCount, const QStringList &errors, bool cancelled) {
                    delete context;
                    progress->close();
                    QString text =
                        cancelled ? tr("Cancelled. %n document(s) signed before that.", nullptr, signedCount)
                                  : tr("%n document(s) signed; the signatures are being sent to the "
                                       "supplier.",
                                       nullptr, signedCount);
                    if (!errors.isEmpty()) {
                        text += u"\n\n"_s + tr("Not signed:") + u"\n"_s + errors.join(u'\n');
                        auto *box = new QMessageBox(QMessageBox::Warning, tr("Signing"), text,
                                                    QMessageBox::Ok, m_documentsPage->window());
                        box->setObjectName(u"signErrors"_s);
                        box->setAttribute(Qt::WA_DeleteOnClose);
                        box->show();
                        Q_EMIT dialogOpened(box);
                    }
                    Q_EMIT message(text);
                    updateActions();
                });
        progress->show();
        Q_EMIT dialogOpened(progress);
        m_signer->signDocuments(account, items, lang, dialog->keyRef());
        updateActions();
    });
    dialog->show();
    Q_EMIT dialogOpened(dialog);
}

SignaturesDialog *BillingController::showSignatures(const DocumentItem &item)
{
    const auto request = DocumentRequest::fromItemId(item.id);
    if (!m_hasAccount || !request)
        return nullptr;
    const QString title = DocumentListModel::kindText(item.kind) + u' ' + item.number;
    auto *dialog = new SignaturesDialog(title, m_documentsPage->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<SignaturePanel> panel = dialog->panel();
    panel->summary()->setText(tr("Getting the document…"));
    // The server's verdict after the fetch: the first download is what issues (stores) it.
    const AccountId account = m_account.id;
    const QString lang = documentLanguage();
    QPointer<ApiClient> api = m_api;
    m_opener->fetch({m_account.id, *request, item.number, {}, knownSha(item.id)}, lang, dialog,
                    [panel, api, account, lang, docId = item.id](const Result<DocumentOpener::Fetched> &r) {
                        if (!panel)
                            return;
                        if (!r) {
                            panel->summary()->setText(
                                tr("The document could not be downloaded: %1").arg(errorText(r.error())));
                            return;
                        }
                        panel->setPdf(r.value().pdf);
                        if (!api)
                            return;
                        auto *job = api->signatures(account, docId, lang);
                        connect(job, &SignaturesJob::finished, panel, [panel](const ServerSignatures &s) {
                            if (panel)
                                panel->setServerSignatures(s);
                        });
                    });
    dialog->show();
    Q_EMIT dialogOpened(dialog);
    return dialog;
}

void BillingController::connectViewer(DocumentViewer *viewer)
{
    const QString docId = viewer->documentId();
    if (docId.isEmpty() || !m_hasAccount)
        return;
    viewer->setSigningAvailable(m_signer != nullptr);
    const AccountId account = m_account.id;
    connect(viewer, &DocumentViewer::signRequested, this, [this, docId] {
        for (const DocumentItem &d : m_serverDocuments)
            if (d.id == docId) {
                signDocuments({d});
                return;
            }
        // Not in the list on screen (opened from the invoices): enough to sign it.
        DocumentItem d;
        d.id = docId;
        d.kind = docId.section(u':', 0, 0);
        d.number = docId.section(u':', 1);
        signDocuments({d});
    });
    connect(viewer, &DocumentViewer::packageRequested, this, [this, docId, viewer] {
        DocumentItem d;
        d.id = docId;
        d.kind = docId.section(u':', 0, 0);
        d.number = viewer->fileName().section(u'.', 0, 0);
        for (const DocumentItem &x : m_serverDocuments)
            if (x.id == docId)
                d = x;
        savePackage(d);
    });
    connect(viewer, &DocumentViewer::signaturesVerifying, this, [this, viewer, docId, account] {
        QPointer<DocumentViewer> v = viewer;
        auto *job = m_api->signatures(account, docId, viewer->language());
        connect(job, &SignaturesJob::finished, viewer, [v](const ServerSignatures &s) {
            if (v)
                v->signaturePanel()->setServerSignatures(s);
        });
    });
}

void BillingController::savePackage(const DocumentItem &item)
{
    if (!m_hasAccount)
        return;
    const QString base =
        DocumentOpener::fileNameFor(DocumentListModel::kindText(item.kind) + u' ' + item.number);
    const QString stem = base.endsWith(u".pdf"_s) ? base.chopped(4) : base;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString zipFilter = tr("ZIP with the signatures (*.zip)");
    const QString asicFilter = tr("ASiC-S container (*.asics)");
    QString chosen;
    const QString path = QFileDialog::getSaveFileName(m_documentsPage->window(), tr("Save with signatures"),
                                                      dir + u'/' + stem + u".zip"_s,
                                                      zipFilter + u";;"_s + asicFilter, &chosen);
    if (path.isEmpty())
        return;
    const QString format =
        chosen == asicFilter || path.endsWith(u".asics"_s, Qt::CaseInsensitive) ? u"asics"_s : u"zip"_s;
    savePackageTo(item.id, format, path);
}

void BillingController::savePackageTo(const QString &docId, const QString &format, const QString &path,
                                      std::function<void(const QString &)> done)
{
    if (!m_hasAccount) {
        if (done)
            done(tr("Open an account first."));
        return;
    }
    m_documentsPage->busyIndicator()->start(tr("Downloading the document with its signatures…"));
    auto *job = m_api->signaturePackage(m_account.id, docId, format, documentLanguage());
    const auto finish = [this, done](const QString &error, const QString &ok) {
        if (!m_documentsPage->isLoading())
            m_documentsPage->busyIndicator()->stop();
        Q_EMIT message(error.isEmpty() ? ok : error);
        if (done)
            done(error);
    };
    connect(job, &PackageJob::finished, this, [path, finish](const QByteArray &bytes, const QString &) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
            finish(tr("The file %1 could not be written: %2").arg(path, file.errorString()), {});
        else
            finish({}, tr("Saved to %1.").arg(QDir::toNativeSeparators(path)));
    });
    connect(job, &ApiJob::failed, this, [finish](const Error &e) {
        finish(e.code() == u"signature.no_cades"_s
                   ? tr("No ASiC-S container can be made: no detached (CAdES) signature covers the current "
                        "document. Save it as a ZIP instead.")
                   : tr("The package could not be downloaded: %1").arg(errorText(e)),
               {});
    });
}

} // namespace oblik::client
