#include "views/billrundialog.h"
#include "views/tableexport.h"

#include "api/apiclient.h"
#include "api/billingjobs.h"
#include "api/errortext.h"
#include "models/billingformat.h"
#include "models/billrunfailuremodel.h"
#include "models/displayformat.h"
#include "views/busyindicator.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QUuid>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

BillRunDialog::BillRunDialog(ApiClient *api, const domain::User &user, Period latest, QWidget *parent)
    : QDialog(parent), m_api(api), m_user(user), m_latest(latest), m_kind(new QComboBox),
      m_period(new QComboBox), m_scope(new QLabel), m_start(new QPushButton), m_cancel(new QPushButton),
      m_resume(new QPushButton), m_progress(new QProgressBar), m_progressText(new QLabel),
      m_errorText(new QLabel), m_failureView(new QTableView), m_failures(new BillRunFailureModel(this)),
      m_busy(new BusyIndicator), m_timer(new QTimer(this))
{
    setObjectName(u"BillRunDialog"_s);
    setWindowTitle(tr("Bill run"));
    resize(720, 520);
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_kind->setObjectName(u"billRunKind"_s);
    m_kind->addItem(format::billRunKind(u"calculation"_s), u"calculation"_s);
    m_kind->addItem(format::billRunKind(u"advance"_s), u"advance"_s);
    m_kind->setToolTip(tr("Calculation: invoices and charges for a closed period from its readings.\n"
                          "Planned advances: an advance invoice for the coming period to every account "
                          "of a contract with a contracted monthly energy that has none yet (the average "
                          "energy of its last three billed months at the tariff); nothing is charged."));
    form->addRow(tr("&Run:"), m_kind);
    m_period->setObjectName(u"billRunPeriod"_s);
    fillPeriods();
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] { fillPeriods(); });
    form->addRow(tr("&Period:"), m_period);
    m_scope->setText(user.district ? tr("District %1 (%2)").arg(user.district->name, user.district->code)
                                   : tr("All districts of the supplier"));
    form->addRow(tr("Accounts of:"), m_scope);
    layout->addLayout(form);
    m_progress->setObjectName(u"billRunProgress"_s);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(u"%p%"_s);
    layout->addWidget(m_progress);
    m_progressText->setObjectName(u"billRunProgressText"_s);
    m_progressText->setText(tr("Not started."));
    layout->addWidget(m_progressText);
    m_errorText->setObjectName(u"billRunError"_s);
    m_errorText->setWordWrap(true);
    m_errorText->setStyleSheet(u"color: #c62828;"_s);
    m_errorText->setVisible(false);
    layout->addWidget(m_errorText);
    auto *failuresTitle = new QLabel(tr("Accounts that failed"));
    QFont bold = failuresTitle->font();
    bold.setBold(true);
    failuresTitle->setFont(bold);
    layout->addWidget(failuresTitle);
    m_failureView->setObjectName(u"billRunFailures"_s);
    m_failureView->setModel(m_failures);
    new TableExport(m_failureView, tr("Bill run: accounts not billed")); // context menu
    m_failureView->verticalHeader()->setVisible(false);
    m_failureView->horizontalHeader()->setStretchLastSection(true);
    // The account column as wide as its header and numbers, from the start (empty, it cut its title).
    m_failureView->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_failureView->setWordWrap(true);
    m_failureView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_failureView->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(m_failureView, 1);
    layout->addWidget(m_busy);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_start->setObjectName(u"billRunStart"_s);
    m_start->setText(tr("&Start"));
    m_cancel->setObjectName(u"billRunCancel"_s);
    m_cancel->setText(tr("C&ancel the run"));
    m_resume->setObjectName(u"billRunResume"_s);
    m_resume->setText(tr("R&esume"));
    buttons->addButton(m_start, QDialogButtonBox::ActionRole);
    buttons->addButton(m_cancel, QDialogButtonBox::ActionRole);
    buttons->addButton(m_resume, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_start, &QPushButton::clicked, this, &BillRunDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, &BillRunDialog::cancelRun);
    connect(m_resume, &QPushButton::clicked, this, &BillRunDialog::resumeRun);
    m_timer->setSingleShot(true);
    m_timer->setInterval(PollMs);
    connect(m_timer, &QTimer::timeout, this, &BillRunDialog::poll);
    updateButtons();
}

BillRunDialog::~BillRunDialog()
{
    if (m_job)
        m_job->abort();
}

QString BillRunDialog::kind() const
{
    return m_kind->currentData().toString();
}

void BillRunDialog::setKind(const QString &kind)
{
    const int i = m_kind->findData(kind);
    if (i >= 0)
        m_kind->setCurrentIndex(i);
}

void BillRunDialog::fillPeriods()
{
    // A calculation bills a closed period (the latest by default); an advance asks for the period
    // after it, the one being paid in advance (offered up to two ahead).
    const bool advance = kind() == u"advance"_s;
    Period p = advance ? m_latest.next().next() : m_latest;
    m_period->clear();
    for (int i = 0; i < 12; ++i, p = p.previous())
        m_period->addItem(format::period(p), p.yyyymm());
    m_period->setCurrentIndex(
        std::max(0, m_period->findData((advance ? m_latest.next() : m_latest).yyyymm())));
}

void BillRunDialog::start()
{
    if (m_job)
        return;
    // A start whose answer was lost is retried with the same key (the server answers the run it
    // started); a start after a finished run is a new one.
    const Period period = Period::fromYyyymm(m_period->currentData().toInt());
    const QString choice = kind() + u' ' + period.toString();
    if (m_startKey.isEmpty() || m_startKeyFor != choice) {
        m_startKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_startKeyFor = choice;
    }
    m_busy->start(kind() == u"advance"_s ? tr("Starting the planned advances…")
                                         : tr("Starting the bill run…"));
    std::optional<DistrictId> district;
    if (m_user.district)
        district = m_user.district->id;
    track(m_api->startBillRun(period, district, m_startKey, kind()));
}

void BillRunDialog::follow(qint64 runId)
{
    m_run.id = runId;
    poll();
}

void BillRunDialog::poll()
{
    if (m_job || m_run.id == 0)
        return;
    track(m_api->billRun(m_run.id));
}

void BillRunDialog::cancelRun()
{
    if (m_run.id == 0)
        return;
    if (m_job)
        m_job->abort(); // a poll in flight gives way to the user's action
    m_timer->stop();
    m_busy->start(tr("Cancelling…"));
    track(m_api->cancelBillRun(m_run.id));
}

void BillRunDialog::resumeRun()
{
    if (m_run.id == 0 || m_job)
        return;
    m_busy->start(tr("Resuming…"));
    track(m_api->resumeBillRun(m_run.id));
}

void BillRunDialog::track(BillRunJob *job)
{
    m_job = job;
    updateButtons();
    connect(job, &BillRunJob::finished, this, [this](const billing::BillRun &run) {
        m_error = Error();
        m_errorText->setVisible(false);
        showRun(run);
    });
    connect(job, &ApiJob::failed, this, [this](const Error &e) {
        m_error = e;
        m_errorText->setText(tr("The server did not answer as expected: %1").arg(client::errorText(e)));
        m_errorText->setVisible(true);
        // A running run is asked again later: the network may come back.
        if (m_run.isRunning())
            m_timer->start(PollMs * 5);
    });
    connect(job, &ApiJob::done, this, [this] {
        m_job = nullptr;
        m_busy->stop();
        updateButtons();
    });
}

void BillRunDialog::showRun(const billing::BillRun &run)
{
    const bool wasRunning = m_run.isRunning();
    m_run = run;
    const qint64 handled = run.accountsDone + run.accountsFailed;
    const qint64 total = std::max<qint64>(run.accountsTotal, handled);
    // QProgressBar counts in int: scale a supplier of millions of accounts down to per mille.
    if (total > 1000000) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(handled * 1000 / total));
    } else {
        m_progress->setRange(0, int(std::max<qint64>(total, 1)));
        m_progress->setValue(int(handled));
    }
    const QLocale locale;
    QString text = tr("%1: %2 of %3 accounts done, %4 failed.")
                       .arg(format::billRunState(run.state), locale.toString(run.accountsDone),
                            locale.toString(total), locale.toString(run.accountsFailed));
    // An advance run issues advances and posts nothing: its "invoices" are the advances.
    if (run.kind == u"advance"_s)
        text += u' ' + tr("Planned advances issued: %1.").arg(locale.toString(run.invoices));
    else if (run.invoices > 0 || run.postings > 0)
        text += u' ' + tr("Invoices issued: %1, postings: %2.")
                           .arg(locale.toString(run.invoices), locale.toString(run.postings));
    m_progressText->setText(text);
    // A run followed by its id shows the kind and period the server says it has.
    if (run.kind != kind()) {
        const QSignalBlocker block(m_kind);
        setKind(run.kind);
        fillPeriods();
    }
    if (run.period.isValid()) {
        const int i = m_period->findData(run.period.yyyymm());
        if (i >= 0)
            m_period->setCurrentIndex(i);
    }
    m_failures->setFailures(run.failures);
    m_failureView->resizeColumnToContents(0);
    m_failureView->resizeRowsToContents();
    updateButtons();
    if (!run.isRunning())
        m_startKey.clear();
    if (run.isRunning())
        m_timer->start();
    Q_EMIT runUpdated(run);
    if (wasRunning && !run.isRunning())
        Q_EMIT runFinished(run);
}

void BillRunDialog::updateButtons()
{
    const bool busy = m_job != nullptr;
    const bool running = m_run.isRunning();
    m_start->setEnabled(!busy && !running);
    m_period->setEnabled(!running);
    m_kind->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_resume->setEnabled(!busy && m_run.id != 0 && m_run.state == u"cancelled"_s);
}

} // namespace oblik::client
