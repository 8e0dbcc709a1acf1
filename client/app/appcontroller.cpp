#include "app/appcontroller.h"

#include "api/errortext.h"
#include "api/jobs.h"
#include "models/documentlistmodel.h"
#include "models/invoicelistmodel.h"
#include "models/taxinvoicemodel.h"
#include "views/accountoverview.h"
#include "views/accountpickerdialog.h"
#include "views/billingcontroller.h"
#include "views/billingpage.h"
#include "views/clerkworkspace.h"
#include "views/documentopener.h"
#include "views/documentviewer.h"
#include "views/historyview.h"
#include "views/logindialog.h"
#include "views/mainwindow.h"
#include "views/readingsview.h"

#include <QApplication>
#include <QLoggingCategory>
#include <QSettings>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcApp, "oblik.client.app")

namespace oblik::client {

namespace {
const auto kLanguageKey = u"ui/language"_s;
} // namespace

AppController::AppController(const Options &options, QObject *parent)
    : QObject(parent), m_options(options), m_api(&m_certificates)
{
    QString lang = options.language;
    if (lang.isEmpty())
        lang = i18n::normalize(QSettings().value(kLanguageKey).toString());
    if (lang.isEmpty())
        lang = i18n::systemLanguage();
    setLanguage(lang, false);
}

AppController::~AppController()
{
    delete m_window;
}

LoginDialog *AppController::loginDialog() const
{
    return m_login;
}

AccountPickerDialog *AppController::accountPicker() const
{
    return m_picker;
}

bool AppController::setLanguage(const QString &language, bool remember)
{
    if (!m_translators.install(language))
        return false;
    m_api.setLanguage(m_translators.current());
    if (remember)
        QSettings().setValue(kLanguageKey, m_translators.current());
    if (m_window)
        m_window->setLanguage(m_translators.current());
    if (m_login)
        m_login->setLanguage(m_translators.current());
    return true;
}

void AppController::start()
{
    m_window = new MainWindow(&m_api);
    m_window->setLanguage(m_translators.current());
    m_window->restoreSettings();
    connect(m_window, &MainWindow::languageRequested, this,
            [this](const QString &lang) { setLanguage(lang, true); });
    connect(m_window, &MainWindow::switchAccountRequested, this, [this] { chooseAccount(nullptr); });
    connect(m_window, &MainWindow::logoutRequested, this, &AppController::logout);
    connect(m_window, &MainWindow::accountShown, this, [this] {
        if (!m_options.screenshot.isEmpty() && !m_screenshotTaken) {
            // OBLIK_SCREENSHOT_TAB=readings|history|balance|invoices|tax-invoices|payments|turnover|
            // tariffs|documents pictures that tab; it loads from the server, so it gets longer to settle.
            // OBLIK_SCREENSHOT_DIALOG=invoice|calculate|payment|services|billrun|payment-history|document|sign|
            // signatures pictures that billing dialog (invoice: the first invoice of the list;
            // document: the document viewer; sign and signatures: of the newest document of the
            // Documents tab) instead of the window.
            const QString tab = qEnvironmentVariable("OBLIK_SCREENSHOT_TAB");
            const QString dialog = qEnvironmentVariable("OBLIK_SCREENSHOT_DIALOG");
            BillingController *billing = m_window->billingController();
            QWidget *page = tab == u"readings"_s  ? static_cast<QWidget *>(m_window->readingsView())
                            : tab == u"history"_s ? static_cast<QWidget *>(m_window->historyView())
                                                  : nullptr;
            for (BillingPage *p : billing->pages())
                if (p->objectName() == QString(tab).remove(u'-') + u"Page"_s ||
                    (tab == u"tax-invoices"_s && p->objectName() == u"taxInvoicesPage"_s))
                    page = p;
            if ((dialog == u"sign"_s || dialog == u"signatures"_s) && !page)
                page = billing->page(BillingController::Page::Documents);
            if (!dialog.isEmpty() && !page)
                page = billing->page(BillingController::Page::Invoices);
            if (page)
                m_window->tabs()->setCurrentWidget(page);
            if (dialog.isEmpty()) {
                QTimer::singleShot(page ? 2500 : 400, this,
                                   &AppController::takeScreenshot); // let layouts settle
                return;
            }
            if (dialog == u"document"_s) {
                // The viewer once its PDF is on screen (downloaded or from the store).
                connect(billing->documentOpener(), &DocumentOpener::viewerLoaded, this,
                        [this](DocumentViewer *v, bool, const Error &) {
                            QTimer::singleShot(1000, this, [this, v] {
                                m_screenshotTaken = true;
                                const bool ok = v->grab().save(m_options.screenshot);
                                QCoreApplication::exit(ok ? 0 : 3);
                            });
                        });
            } else {
                connect(billing, &BillingController::dialogOpened, this, [this](QWidget *d) {
                    QTimer::singleShot(2000, this, [this, d] {
                        m_screenshotTaken = true;
                        const bool ok = d->grab().save(m_options.screenshot);
                        QCoreApplication::exit(ok ? 0 : 3);
                    });
                });
            }
            // A dialog that does not open (Calculate for a consumer whose contract does not allow
            // it says why in the window instead): the window, rather than waiting for ever.
            QTimer::singleShot(15000, this, [this] {
                if (!m_screenshotTaken)
                    takeScreenshot();
            });
            QTimer::singleShot(2500, this, [billing, dialog] {
                if (dialog == u"document"_s) {
                    // The newest invoice's package (OBLIK_SCREENSHOT_DOCUMENT=act|blank-act|turnover|
                    // payments|tax for the others).
                    const QString which = qEnvironmentVariable("OBLIK_SCREENSHOT_DOCUMENT");
                    const auto &invoices = billing->invoiceModel()->invoices();
                    const Period period =
                        invoices.isEmpty() ? billing->currentPeriod().previous() : invoices.first().period;
                    if (which == u"act"_s || which == u"blank-act"_s)
                        billing->openReadingsAct(period, which == u"blank-act"_s);
                    else if (which == u"turnover"_s)
                        billing->openTurnoverStatement();
                    else if (which == u"payments"_s)
                        billing->openPaymentHistory(period.firstDay().addYears(-1), period.lastDay());
                    else if (which == u"tax"_s && !billing->taxInvoiceModel()->items().isEmpty())
                        billing->openTaxInvoice(billing->taxInvoiceModel()->items().first().id);
                    else if (!invoices.isEmpty())
                        billing->openInvoicePackage(invoices.first().id, invoices.first().number);
                } else if (dialog == u"payment-history"_s)
                    billing->showPaymentHistory();
                else if (dialog == u"invoice"_s)
                    billing->showInvoice(billing->invoiceModel()->invoices().isEmpty()
                                             ? 0
                                             : billing->invoiceModel()->invoices().first().id);
                else if (dialog == u"calculate"_s)
                    billing->showCalculate();
                else if (dialog == u"payment"_s)
                    billing->showRegisterPayment();
                else if (dialog == u"services"_s)
                    billing->showServicesInvoice();
                else if (dialog == u"billrun"_s)
                    billing->showBillRun();
                else if ((dialog == u"sign"_s || dialog == u"signatures"_s) &&
                         !billing->documentModel()->items().isEmpty()) {
                    // The newest document of the list (the Documents tab is open, so it is loaded).
                    const DocumentItem item = billing->documentModel()->items().first();
                    if (dialog == u"sign"_s)
                        billing->signDocuments({item});
                    else
                        billing->showSignatures(item);
                }
            });
        }
    });
    connect(m_window, &MainWindow::accountFailed, this, [this] {
        if (!m_options.screenshot.isEmpty())
            screenshotFailed(m_window);
    });
    connect(&m_api, &ApiClient::sessionExpired, this, [this] {
        if (m_signedIn && !m_login)
            showLogin(tr("Your session has ended. Sign in again to continue; nothing you see is lost."));
    });
    if (!m_options.server.isEmpty())
        m_api.setBaseUrl(ApiClient::parseServerUrl(m_options.server).valueOr(QUrl()));
    m_window->show();
    showLogin(QString());
}

void AppController::showLogin(const QString &notice)
{
    auto *dialog = new LoginDialog(&m_api, m_window);
    m_login = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!m_options.server.isEmpty() && !m_signedIn)
        dialog->setServerText(m_options.server);
    if (!m_options.login.isEmpty())
        dialog->setLoginText(m_options.login);
    if (m_signedIn) {
        // Signing in again after the session ended: the same server and login.
        dialog->setServerText(m_api.baseUrl().toString());
    }
    dialog->loadRemembered();
    dialog->setNotice(notice);
    dialog->setLanguage(m_translators.current());
    connect(dialog, &LoginDialog::languageRequested, this,
            [this](const QString &lang) { setLanguage(lang, true); });
    const bool again = m_signedIn;
    connect(dialog, &LoginDialog::loggedIn, this, [this, again](const protocol::LoginResponse &r) {
        if (again) {
            m_window->setUser(r.user);
            m_window->reload();
            return;
        }
        onLoggedIn(r);
    });
    connect(dialog, &QDialog::rejected, this, [this, again] {
        if (!again)
            m_window->close(); // no session: nothing to show
    });
    if (!m_options.screenshot.isEmpty()) {
        connect(dialog, &LoginDialog::loginFailed, this, [this, dialog] { screenshotFailed(dialog); });
        const QString password = qEnvironmentVariable("OBLIK_PASSWORD");
        if (!password.isEmpty()) {
            dialog->setPasswordText(password);
            QTimer::singleShot(0, dialog, &LoginDialog::submit);
        }
    }
    dialog->open();
}

void AppController::onLoggedIn(const protocol::LoginResponse &response)
{
    m_signedIn = true;
    m_window->setUser(response.user);
    m_window->showNoAccount(true);
    if (ClerkWorkspace *clerk = m_window->clerkWorkspace()) {
        // A clerk starts at the district's readings queue; accounts open from File > Switch account.
        if (!m_options.screenshot.isEmpty() && !m_options.account.isEmpty()) {
            // A picture of an account's screen as the clerk sees it (--account NUMBER).
            auto *job = m_api.accounts(m_options.account, 10, 0);
            connect(job, &AccountsJob::finished, this, [this](const protocol::AccountList &list) {
                for (const auto &a : list.items)
                    if (a.number == m_options.account)
                        return m_window->openAccount(a.id);
                screenshotFailed(m_window);
            });
            connect(job, &AccountsJob::failed, this, [this] { screenshotFailed(m_window); });
            return;
        }
        if (!m_options.screenshot.isEmpty()) {
            connect(clerk, &ClerkWorkspace::loaded, this, [this] {
                if (!m_screenshotTaken)
                    QTimer::singleShot(400, this, &AppController::takeScreenshot);
            });
            connect(clerk, &ClerkWorkspace::loadFailed, this, [this] { screenshotFailed(m_window); });
        }
        return;
    }
    auto *job = m_api.accounts({}, AccountPickerDialog::PageSize, 0);
    connect(job, &AccountsJob::finished, this, [this](const protocol::AccountList &list) {
        if (list.items.isEmpty()) {
            m_window->showNoAccount(false);
            return;
        }
        if (!m_options.account.isEmpty()) {
            for (const auto &a : list.items) {
                if (a.number == m_options.account) {
                    m_window->openAccount(a.id);
                    return;
                }
            }
        }
        if (list.items.size() == 1 && list.total == 1) {
            m_window->openAccount(list.items.first().id);
            return;
        }
        if (!m_options.screenshot.isEmpty()) {
            m_window->openAccount(list.items.first().id);
            return;
        }
        chooseAccount(&list);
    });
    connect(job, &AccountsJob::failed, this, [this](const Error &e) {
        qCWarning(lcApp) << "accounts:" << e.code() << e.detail();
        // The window offers "Choose account…", and the picker loads the list with its own Retry.
        m_window->showNoAccount(true);
        if (!m_options.screenshot.isEmpty())
            screenshotFailed(m_window);
    });
}

void AppController::chooseAccount(const protocol::AccountList *preloaded)
{
    if (m_picker) {
        m_picker->raise();
        return;
    }
    auto *picker = new AccountPickerDialog(&m_api, m_window);
    m_picker = picker;
    picker->setAttribute(Qt::WA_DeleteOnClose);
    if (preloaded)
        picker->setAccounts(*preloaded);
    else
        picker->reload();
    connect(picker, &AccountPickerDialog::accountChosen, m_window, &MainWindow::openAccount);
    picker->open();
}

void AppController::logout()
{
    // The server forgets the token; the client forgets it at once, whatever the answer.
    m_api.logout();
    m_signedIn = false;
    m_window->clearSession();
    showLogin(QString());
}

void AppController::takeScreenshot()
{
    m_screenshotTaken = true;
    const QPixmap shot = m_window->grab();
    const bool ok = shot.save(m_options.screenshot);
    qCInfo(lcApp) << "screenshot" << m_options.screenshot << (ok ? "saved" : "NOT saved");
    QCoreApplication::exit(ok ? 0 : 3);
}

void AppController::screenshotFailed(QWidget *what)
{
    if (m_screenshotTaken)
        return;
    m_screenshotTaken = true;
    // The picture of what went wrong is the useful one: save it, and fail.
    QTimer::singleShot(200, this, [this, what] {
        what->grab().save(m_options.screenshot);
        QCoreApplication::exit(2);
    });
}

} // namespace oblik::client
