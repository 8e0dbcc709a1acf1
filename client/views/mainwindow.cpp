#include "views/mainwindow.h"

#include "api/apiclient.h"
#include "api/errortext.h"
#include "api/jobs.h"
#include "core/clock.h"
#include "local/localstore.h"
#include "models/displayformat.h"
#include "models/readingsmodel.h"
#include "protocol/readings.h"
#include "sync/apisynctransport.h"
#include "sync/syncengine.h"
#include "translations/languages.h"
#include "views/accountoverview.h"
#include "views/billingcontroller.h"
#include "views/billingpage.h"
#include "views/busyindicator.h"
#include "views/clerkworkspace.h"
#include "views/historyview.h"
#include "views/messagepanel.h"
#include "views/readingscontroller.h"
#include "views/readingsview.h"
#include "views/syncstatusdialog.h"

#include "sign/documentsigner.h"
#include "sign/signingcontroller.h"
#include "sign/signsettings.h"
#include "views/signsettingsdialog.h"
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>

#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

MainWindow::MainWindow(ApiClient *api, QWidget *parent)
    : QMainWindow(parent), m_api(api), m_stack(new QStackedWidget), m_message(new MessagePanel),
      m_overview(new AccountOverview), m_readings(new ReadingsView), m_history(new HistoryView),
      m_readingsController(new ReadingsController(api, m_readings, m_history, Clock::system(), this)),
      m_billing(new BillingController(api, Clock::system(), this)), m_tabs(new QTabWidget),
      m_banner(new QFrame), m_bannerText(new QLabel), m_bannerRetry(new QPushButton),
      m_onlineLabel(new QLabel), m_queueLabel(new QLabel), m_syncLabel(new QLabel),
      m_syncButton(new QToolButton), m_serverLabel(new QLabel), m_userLabel(new QLabel),
      m_busy(new BusyIndicator)
{
    setObjectName(u"MainWindow"_s);
    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_banner->setObjectName(u"banner"_s);
    m_banner->setStyleSheet(u"#banner { background: #fdecea; border-bottom: 1px solid #e57373; }"_s);
    auto *bl = new QHBoxLayout(m_banner);
    bl->setContentsMargins(10, 6, 10, 6);
    m_bannerText->setWordWrap(true);
    bl->addWidget(m_bannerText, 1);
    bl->addWidget(m_bannerRetry);
    m_banner->setVisible(false);
    layout->addWidget(m_banner);
    m_stack->addWidget(m_message);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_overview, QString());
    m_tabs->addTab(m_readings, QString());
    m_tabs->addTab(m_history, QString());
    for (BillingPage *page : m_billing->pages())
        m_tabs->addTab(page, QString());
    m_stack->addWidget(m_tabs);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    statusBar()->addWidget(m_onlineLabel);
    m_queueLabel->setObjectName(u"queueLabel"_s);
    m_syncLabel->setObjectName(u"syncLabel"_s);
    m_syncButton->setObjectName(u"syncStatusButton"_s);
    m_syncButton->setAutoRaise(true);
    statusBar()->addWidget(m_queueLabel);
    statusBar()->addWidget(m_syncLabel);
    statusBar()->addWidget(m_syncButton);
    statusBar()->addWidget(m_serverLabel);
    statusBar()->addWidget(m_userLabel);
    statusBar()->addPermanentWidget(m_busy);
    m_serverLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    createActions();
    connect(m_message, &MessagePanel::actionTriggered, this, [this] {
        if (m_page == Page::Message && !m_lastError.isNull())
            reload();
        else
            Q_EMIT switchAccountRequested();
    });
    connect(m_bannerRetry, &QPushButton::clicked, this, &MainWindow::reload);
    connect(m_api, &ApiClient::onlineChanged, this, [this](bool online) {
        updateStatus();
        // The network is back: what waits goes now, not at the next tick.
        if (online && m_engine)
            m_engine->syncNow(true);
    });
    connect(m_readingsController, &ReadingsController::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    connect(m_readingsController, &ReadingsController::accountReloaded, this,
            [this](const domain::AccountDetail &a) {
                if (m_accountId && a.id == *m_accountId)
                    m_overview->setAccount(a);
            });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_readings)
            m_readingsController->refreshEntry();
        else if (m_tabs->widget(index) == m_history)
            m_readingsController->loadHistory(m_history->from(), m_history->to());
        else
            m_billing->loadPage(m_tabs->widget(index));
    });
    connect(m_readings, &ReadingsView::readingsActRequested, m_billing,
            [this](Period period, bool blank) { m_billing->openReadingsAct(period, blank); });
    connect(m_billing, &BillingController::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    resize(1280, 800);
    retranslate();
    showNoAccount(false);
}

MainWindow::~MainWindow()
{
    if (m_job)
        m_job->abort();
    closeStore();
}

void MainWindow::closeStore()
{
    // Those who listen to the engine let go first; the engine and its transport go before the
    // store they write to.
    m_readingsController->setStore(nullptr, nullptr);
    m_billing->setStore(nullptr);
    if (m_signer)
        m_signer->setStore(nullptr);
    if (m_syncDialog)
        m_syncDialog->setSources(nullptr, nullptr);
    m_engine.reset();
    m_transport.reset();
    m_store.reset();
}

void MainWindow::createActions()
{
    m_refresh = new QAction(this);
    m_refresh->setShortcut(QKeySequence::Refresh);
    connect(m_refresh, &QAction::triggered, this, &MainWindow::reload);
    m_retry = new QAction(this);
    connect(m_retry, &QAction::triggered, this, &MainWindow::reload);
    m_switch = new QAction(this);
    m_switch->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_O));
    // Leaving the form with values not sent yet asks first (they stay saved either way).
    connect(m_switch, &QAction::triggered, this, [this] {
        if (m_readings->confirmLeave())
            Q_EMIT switchAccountRequested();
    });
    m_logout = new QAction(this);
    connect(m_logout, &QAction::triggered, this, [this] {
        if (m_readings->confirmLeave())
            Q_EMIT logoutRequested();
    });
    m_quit = new QAction(this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);
    m_syncStatus = new QAction(this);
    connect(m_syncStatus, &QAction::triggered, this, &MainWindow::showSyncStatus);
    connect(m_syncButton, &QToolButton::clicked, this, &MainWindow::showSyncStatus);
    m_about = new QAction(this);
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, &MainWindow::showAbout);

    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_refresh);
    m_fileMenu->addAction(m_switch);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_logout);
    m_fileMenu->addAction(m_quit);

    m_viewMenu = menuBar()->addMenu(QString());
    m_languageMenu = m_viewMenu->addMenu(QString());
    m_languages = new QActionGroup(this);
    m_languages->setExclusive(true);
    for (const QString &lang : i18n::availableLanguages()) {
        // Each language by its own name, so that a user lost in a foreign UI finds theirs.
        QAction *a = m_languageMenu->addAction(i18n::nativeName(lang));
        a->setCheckable(true);
        a->setData(lang);
        m_languages->addAction(a);
    }
    connect(m_languages, &QActionGroup::triggered, this,
            [this](QAction *a) { Q_EMIT languageRequested(a->data().toString()); });

    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_syncStatus);
    m_signingSettings = new QAction(this);
    m_signingSettings->setObjectName(u"signingSettings"_s);
    connect(m_signingSettings, &QAction::triggered, this, &MainWindow::showSigningSettings);
    m_viewMenu->addAction(m_signingSettings);

    m_billingMenu = menuBar()->addMenu(QString());
    m_calculateAction = m_billingMenu->addAction(QString(), m_billing, &BillingController::showCalculate);
    m_paymentAction = m_billingMenu->addAction(QString(), m_billing, &BillingController::showRegisterPayment);
    m_servicesAction =
        m_billingMenu->addAction(QString(), m_billing, &BillingController::showServicesInvoice);
    m_servicesAction->setObjectName(u"servicesInvoiceAction"_s);
    m_billRunAction = m_billingMenu->addAction(QString(), m_billing, &BillingController::showBillRun);
    connect(m_billingMenu, &QMenu::aboutToShow, this, [this] {
        QString why;
        m_calculateAction->setEnabled(m_billing->canCalculate(&why));
        m_calculateAction->setToolTip(why);
        m_paymentAction->setVisible(m_billing->isClerk());
        m_paymentAction->setEnabled(m_billing->hasAccount());
        m_servicesAction->setVisible(m_billing->isClerk());
        m_servicesAction->setEnabled(m_billing->hasAccount());
        m_billRunAction->setVisible(m_billing->isClerk());
    });
    m_billingMenu->setToolTipsVisible(true);

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_about);
}

void MainWindow::retranslate()
{
    setWindowTitle(m_accountId && m_overview->hasAccount()
                       ? tr("%1 — Oblik").arg(m_overview->account().number)
                       : tr("Oblik"));
    m_tabs->setTabText(m_tabs->indexOf(m_overview), tr("Overview"));
    m_tabs->setTabText(m_tabs->indexOf(m_readings), tr("Readings"));
    m_tabs->setTabText(m_tabs->indexOf(m_history), tr("History"));
    for (auto p : {BillingController::Page::Balance, BillingController::Page::Invoices,
                   BillingController::Page::TaxInvoices, BillingController::Page::Payments,
                   BillingController::Page::Turnover, BillingController::Page::Tariffs,
                   BillingController::Page::Documents})
        m_tabs->setTabText(m_tabs->indexOf(m_billing->page(p)), BillingController::title(p));
    m_billingMenu->setTitle(tr("&Billing"));
    m_calculateAction->setText(tr("&Calculate…"));
    m_paymentAction->setText(tr("&Register payment…"));
    m_servicesAction->setText(tr("Ser&vices invoice…"));
    m_billRunAction->setText(tr("&Bill run…"));
    m_syncStatus->setText(tr("&Sync status…"));
    m_signingSettings->setText(tr("Si&gning settings…"));
    m_syncButton->setText(tr("Sync status…"));
    if (m_clerk)
        m_tabs->setTabText(m_tabs->indexOf(m_clerk), tr("Readings queue"));
    m_fileMenu->setTitle(tr("&File"));
    m_viewMenu->setTitle(tr("&View"));
    m_languageMenu->setTitle(tr("&Language"));
    m_helpMenu->setTitle(tr("&Help"));
    m_refresh->setText(tr("&Refresh"));
    m_retry->setText(tr("&Retry"));
    m_switch->setText(tr("&Switch account…"));
    m_logout->setText(tr("Log &out"));
    m_quit->setText(tr("&Quit"));
    m_about->setText(tr("&About Oblik"));
    m_bannerRetry->setText(tr("&Retry"));
    if (!m_lastError.isNull()) {
        if (m_page == Page::Message)
            showLoadError(m_lastError);
        else
            m_bannerText->setText(
                tr("The account could not be refreshed: %1 What you see was loaded earlier.")
                    .arg(client::errorText(m_lastError)));
    } else if (m_page == Page::Message && !isLoading()) {
        showNoAccount(m_noAccountCanChoose);
    }
    if (isLoading())
        m_busy->start(tr("Loading the account…"));
    updateStatus();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::setUser(const domain::User &user)
{
    m_user = user;
    m_hasUser = true;
    // Everything typed for this server and user lives in its own file, before any sending.
    closeStore();
    m_store = std::make_unique<LocalStore>();
    if (Error e = m_store->open(LocalStore::defaultPath(m_api->hostKey(), user.login)); !e.isNull()) {
        qWarning("local store: %s", qPrintable(e.detail()));
        m_store.reset();
    }
    if (m_store) {
        m_transport = std::make_unique<ApiSyncTransport>(m_api);
        m_engine = std::make_unique<SyncEngine>(m_store.get(), m_transport.get());
        connect(m_engine.get(), &SyncEngine::onlineChanged, this, [this](bool online) {
            m_readings->setOnline(online, online ? QString() : client::errorText(m_engine->lastError()));
            updateStatus();
        });
        connect(m_engine.get(), &SyncEngine::commandRejected, this, [this](qint64, const Error &e) {
            statusBar()->showMessage(
                tr("The server did not accept the readings: %1").arg(client::errorText(e)), 15000);
        });
        for (auto signal : {&SyncEngine::storeChanged, &SyncEngine::synced})
            connect(m_engine.get(), signal, this, &MainWindow::updateSyncStatus);
        connect(m_engine.get(), &SyncEngine::failed, this, &MainWindow::updateSyncStatus);
        // Every minute by default; [sync] intervalSeconds in the settings changes it (0 = only
        // at sign-in, on the network's return, and when the user sends).
        const int seconds = QSettings().value(u"sync/intervalSeconds"_s, 60).toInt();
        m_engine->setInterval(std::chrono::seconds(std::max(0, seconds)));
        m_readingsController->setStore(m_store.get(), m_engine.get());
        m_billing->setStore(m_store.get());
        if (!m_signing) {
            // The token worker's thread starts here, not with the window: a window that never
            // signs in never loads a token library.
            m_signing = new sign::SigningController(this);
            m_signer = new sign::DocumentSigner(m_signing, m_api, m_store.get(), this);
            connect(m_signer, &sign::DocumentSigner::delivered, this,
                    [this](AccountId, const QString &, const QString &state, const QString &) {
                        statusBar()->showMessage(
                            state == u"rejected"_s
                                ? tr("The supplier rejected a signature: see the documents.")
                                : tr("A signature was received by the supplier."),
                            15000);
                    });
        }
        m_signer->setStore(m_store.get());
        m_billing->setSigner(m_signer);
        // Signatures that waited for the network (or for this start) go now.
        QTimer::singleShot(0, m_signer, &sign::DocumentSigner::deliverPending);
        if (m_syncDialog)
            m_syncDialog->setSources(m_store.get(), m_engine.get());
        // Signed in: what waited in the outbox since last time goes now; the UI does not wait.
        QTimer::singleShot(0, m_engine.get(), [engine = m_engine.get()] { engine->syncNow(true); });
    } else {
        m_readingsController->setStore(nullptr, nullptr);
    }
    m_billing->setUser(user);
    updateClerkWorkspace();
    updateStatus();
}

void MainWindow::showSigningSettings()
{
    SignSettingsDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted && m_signing)
        m_signing->setModulePaths(sign::modulePaths());
}

SyncStatusDialog *MainWindow::syncStatusDialog()
{
    if (!m_syncDialog) {
        m_syncDialog = new SyncStatusDialog(this);
        m_syncDialog->setSources(m_store.get(), m_engine.get());
    }
    return m_syncDialog;
}

void MainWindow::showSyncStatus()
{
    SyncStatusDialog *dialog = syncStatusDialog();
    dialog->refresh();
    dialog->show();
    dialog->raise();
}

void MainWindow::updateSyncStatus()
{
    if (!m_store || !m_engine) {
        m_queueLabel->clear();
        m_syncLabel->clear();
        m_syncButton->setVisible(false);
        return;
    }
    m_syncButton->setVisible(true);
    const int waiting = m_store->unansweredCount();
    m_queueLabel->setText(waiting > 0 ? tr("%n command(s) waiting", nullptr, waiting)
                                      : tr("Nothing waiting"));
    const QLocale locale;
    QString text;
    if (!m_engine->lastError().isNull()) {
        text = tr("Last failure: %1").arg(client::errorText(m_engine->lastError()));
        if (m_engine->nextAttemptAt().isValid())
            text += u"; "_s + tr("next attempt at %1")
                                  .arg(locale.toString(m_engine->nextAttemptAt().toLocalTime().time(),
                                                       QLocale::ShortFormat));
    }
    const QDateTime last = m_engine->lastSyncAt();
    const QString lastText =
        last.isValid() ? tr("Last sync: %1").arg(format::dateTime(last, locale)) : tr("Not synchronised yet");
    m_syncLabel->setText(text.isEmpty() ? lastText : text + u" · "_s + lastText);
    m_syncLabel->setToolTip(m_syncLabel->text());
}

void MainWindow::updateClerkWorkspace()
{
    const bool clerk =
        m_hasUser && (m_user.role == domain::Role::Clerk || m_user.role == domain::Role::Admin);
    if (clerk && !m_clerk) {
        m_clerk = new ClerkWorkspace(m_api);
        m_tabs->insertTab(0, m_clerk, tr("Readings queue"));
        m_clerk->reload();
    } else if (!clerk && m_clerk) {
        m_tabs->removeTab(m_tabs->indexOf(m_clerk));
        delete m_clerk;
        m_clerk = nullptr;
    }
    if (m_clerk && m_page == Page::Message && !isLoading())
        showClerkPage();
}

void MainWindow::showClerkPage()
{
    // No account open: the queue alone, without the empty account tabs.
    setAccountTabsVisible(m_overview->hasAccount());
    m_tabs->setCurrentWidget(m_clerk);
    m_stack->setCurrentWidget(m_tabs);
}

void MainWindow::setLanguage(const QString &language)
{
    for (QAction *a : m_languages->actions())
        a->setChecked(a->data().toString() == language);
}

void MainWindow::updateStatus()
{
    // Offline when the last request of either kind found no server.
    const bool online = m_api->isOnline() && (!m_engine || m_engine->isOnline());
    m_onlineLabel->setText(
        online ? u"<span style=\"color:#2e7d32\">●</span> "_s + tr("Online").toHtmlEscaped()
               : u"<span style=\"color:#c62828\">●</span> "_s + tr("Offline").toHtmlEscaped());
    m_onlineLabel->setToolTip(online ? tr("The server answers.") : tr("The server cannot be reached."));
    const QString host = m_api->baseUrl().isEmpty() ? QString() : m_api->baseUrl().toString();
    m_serverLabel->setText(host.isEmpty() ? QString() : tr("Server: %1").arg(host));
    if (m_hasUser) {
        QString who = m_user.name.isEmpty() ? m_user.login : tr("%1 (%2)").arg(m_user.name, m_user.login);
        m_userLabel->setText(tr("User: %1").arg(who));
        m_userLabel->setToolTip(format::role(m_user.role));
    } else {
        m_userLabel->setText(tr("Not signed in"));
        m_userLabel->setToolTip({});
    }
    m_switch->setEnabled(m_hasUser);
    m_logout->setEnabled(m_hasUser);
    m_refresh->setEnabled(m_hasUser && m_accountId.has_value());
    m_syncStatus->setEnabled(m_hasUser);
    updateSyncStatus();
}

bool MainWindow::isLoading() const
{
    return m_loading;
}

void MainWindow::openAccount(AccountId id)
{
    if (m_job)
        m_job->abort();
    m_loading = false;
    const bool sameAccount = m_accountId == id && m_overview->hasAccount();
    m_accountId = id;
    m_lastError = Error();
    if (!sameAccount) {
        // Another account: the old one must not be taken for the new one while this one loads.
        m_page = Page::Message;
        m_message->showMessage(MessagePanel::Kind::Busy, tr("Loading the account…"), QString());
        m_stack->setCurrentWidget(m_message);
        m_overview->clear();
    }
    m_busy->start(tr("Loading the account…"));
    m_loading = true;
    m_job = m_api->account(id);
    connect(m_job, &AccountJob::finished, this, [this](const domain::AccountDetail &account) {
        m_loading = false;
        m_busy->stop();
        m_banner->setVisible(false);
        m_lastError = Error();
        showAccount(account);
        // The form asks the server for the open entry period itself (never "the month before
        // today": the contract's billing day and the processing state decide it).
        m_readingsController->setAccount(account);
        retranslate(); // the title names the account
        Q_EMIT accountShown(account);
    });
    connect(m_job, &AccountJob::failed, this, [this](const Error &e) {
        m_loading = false;
        m_busy->stop();
        m_lastError = e;
        if (!(m_overview->hasAccount() && m_page == Page::Overview) && showCachedAccount(e)) {
            updateStatus();
            Q_EMIT accountFailed(e);
            return;
        }
        if (m_overview->hasAccount() && m_page == Page::Overview) {
            m_bannerText->setText(
                tr("The account could not be refreshed: %1 What you see was loaded earlier.")
                    .arg(client::errorText(e)));
            m_banner->setVisible(true);
        } else {
            showLoadError(e);
        }
        updateStatus();
        Q_EMIT accountFailed(e);
    });
    updateStatus();
}

void MainWindow::showAccount(const domain::AccountDetail &account)
{
    m_overview->setAccount(account);
    m_page = Page::Overview;
    m_stack->setCurrentWidget(m_tabs);
    setAccountTabsVisible(true);
    if (m_clerk && m_tabs->currentWidget() == m_clerk)
        m_tabs->setCurrentWidget(m_overview); // a clerk opened an account from the queue's page
    m_billing->setAccount(account);
    m_billing->loadPage(m_tabs->currentWidget()); // a billing tab on screen is fetched again
}

void MainWindow::setAccountTabsVisible(bool visible)
{
    m_tabs->setTabVisible(m_tabs->indexOf(m_overview), visible);
    m_tabs->setTabVisible(m_tabs->indexOf(m_readings), visible);
    m_tabs->setTabVisible(m_tabs->indexOf(m_history), visible);
    for (BillingPage *page : m_billing->pages())
        m_tabs->setTabVisible(m_tabs->indexOf(page), visible);
}

bool MainWindow::showCachedAccount(const Error &why)
{
    if (!m_accountId || !why.code().startsWith(u"network."_s))
        return false;
    const auto cached = m_readingsController->cachedAccount(*m_accountId);
    if (!cached)
        return false;
    // Offline: what this computer kept, so that readings can be typed without the network.
    showAccount(*cached);
    m_readingsController->setAccount(*cached);
    retranslate(); // the banner: "could not be refreshed ... loaded earlier"
    m_banner->setVisible(true);
    return true;
}

void MainWindow::reload()
{
    if (m_accountId)
        openAccount(*m_accountId);
}

void MainWindow::showLoadError(const Error &error)
{
    m_page = Page::Message;
    const bool network = error.code().startsWith(u"network."_s);
    m_message->showMessage(
        MessagePanel::Kind::Error,
        network ? tr("The server cannot be reached") : tr("The account could not be loaded"),
        client::errorText(error) +
            (network ? u"\n\n"_s + tr("Server: %1").arg(m_api->baseUrl().toString()) : QString()),
        tr("&Retry"));
    m_stack->setCurrentWidget(m_message);
}

void MainWindow::showNoAccount(bool canChoose)
{
    m_noAccountCanChoose = canChoose;
    m_page = Page::Message;
    m_lastError = Error();
    if (!m_hasUser)
        m_message->showMessage(MessagePanel::Kind::Info, tr("Not signed in"), QString());
    else if (canChoose)
        m_message->showMessage(MessagePanel::Kind::Info, tr("No account is open"),
                               tr("Choose one of the personal accounts of your login."),
                               tr("&Choose account…"));
    else
        m_message->showMessage(MessagePanel::Kind::Info, tr("No personal accounts"),
                               tr("Your login has no personal accounts yet. Ask your district office to bind "
                                  "your account to your login."));
    m_stack->setCurrentWidget(m_message);
    if (m_clerk)
        showClerkPage();
}

void MainWindow::clearSession()
{
    if (m_job)
        m_job->abort();
    m_loading = false;
    m_busy->stop();
    m_accountId.reset();
    m_hasUser = false;
    m_user = domain::User();
    updateClerkWorkspace();
    m_banner->setVisible(false);
    m_overview->clear();
    m_readingsController->clear();
    m_billing->clear();
    closeStore();
    showNoAccount(false);
    retranslate();
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Oblik"),
        tr("<h3>Oblik %1</h3><p>The electricity consumer's cabinet: personal accounts, metering "
           "points, meters and readings.</p><p>Built with Qt %2.</p>")
            .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(u"mainWindow/geometry"_s, saveGeometry());
    settings.setValue(u"mainWindow/state"_s, saveState());
    m_overview->saveState(settings);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(u"mainWindow/geometry"_s).toByteArray())) {
        // First start: most of the screen, because the metering tree is wide.
        if (const QScreen *screen = this->screen()) {
            const QRect avail = screen->availableGeometry();
            resize(std::max(1024, avail.width() * 9 / 10), std::max(700, avail.height() * 9 / 10));
            move(avail.center() - rect().center());
        }
    }
    restoreState(settings.value(u"mainWindow/state"_s).toByteArray());
    m_overview->restoreState(settings);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_readings->confirmLeave()) {
        event->ignore();
        return;
    }
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace oblik::client
