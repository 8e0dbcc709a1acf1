#include "views/clerkworkspace.h"

#include "api/apiclient.h"
#include "api/errortext.h"
#include "api/jobs.h"
#include "models/clerkqueuemodel.h"
#include "models/displayformat.h"
#include "protocol/readings.h"
#include "sync/apisynctransport.h"
#include "views/busyindicator.h"
#include "views/clerkdecisiondialog.h"
#include "views/meterreplacedialog.h"
#include "views/tableexport.h"

#include <QComboBox>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPushButton>
#include <QSet>
#include <QTableView>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcClerk, "oblik.client.clerk")

namespace oblik::client {

ClerkWorkspace::ClerkWorkspace(ApiClient *api, QWidget *parent)
    : QWidget(parent), m_api(api), m_model(new ClerkQueueModel(this)), m_state(new QComboBox),
      m_query(new QLineEdit), m_period(new QComboBox), m_refresh(new QPushButton),
      m_debounce(new QTimer(this)), m_busy(new BusyIndicator), m_count(new QLabel), m_status(new QLabel),
      m_table(new QTableView), m_errorFrame(new QFrame), m_errorText(new QLabel), m_retry(new QPushButton),
      m_accept(new QPushButton), m_reject(new QPushButton), m_replace(new QPushButton),
      m_loadMore(new QPushButton), m_stateLabel(new QLabel), m_queryLabel(new QLabel),
      m_periodLabel(new QLabel)
{
    setObjectName(u"ClerkWorkspace"_s);
    auto *layout = new QVBoxLayout(this);

    auto *filters = new QHBoxLayout;
    m_stateLabel->setBuddy(m_state);
    m_queryLabel->setBuddy(m_query);
    m_periodLabel->setBuddy(m_period);
    m_state->setObjectName(u"stateFilter"_s);
    m_query->setObjectName(u"consumerFilter"_s);
    m_query->setClearButtonEnabled(true);
    m_query->setMinimumWidth(220);
    m_query->setMaxLength(100); // the server's limit for q
    m_period->setObjectName(u"periodFilter"_s);
    filters->addWidget(m_stateLabel);
    filters->addWidget(m_state);
    filters->addSpacing(12);
    filters->addWidget(m_queryLabel);
    filters->addWidget(m_query, 1);
    filters->addSpacing(12);
    filters->addWidget(m_periodLabel);
    filters->addWidget(m_period);
    filters->addWidget(m_refresh);
    layout->addLayout(filters);

    m_errorFrame->setObjectName(u"clerkError"_s);
    m_errorFrame->setStyleSheet(u"#clerkError { background: #fdecea; border: 1px solid #e57373; }"_s);
    auto *el = new QHBoxLayout(m_errorFrame);
    el->setContentsMargins(10, 6, 10, 6);
    m_errorText->setWordWrap(true);
    m_errorText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    el->addWidget(m_errorText, 1);
    el->addWidget(m_retry);
    m_errorFrame->setVisible(false);
    layout->addWidget(m_errorFrame);

    m_table->setObjectName(u"clerkQueue"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicatorShown(false); // the server's order until a header is clicked
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setWordWrap(false);
    layout->addWidget(m_table, 1);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_count);
    bottom->addWidget(m_loadMore);
    bottom->addWidget(m_busy);
    bottom->addStretch(1);
    // Export and print of the rows loaded so far, under the filters that chose them.
    auto *exporter = new TableExport(m_table);
    exporter->setContext([this] {
        return TableExport::Context{tr("State: %1; period: %2; consumer: %3; %4 of %5 readings")
                                        .arg(m_state->currentText(), m_period->currentText(),
                                             m_query->text().isEmpty() ? tr("any") : m_query->text())
                                        .arg(m_model->rowCount())
                                        .arg(m_model->total()),
                                    tr("Readings queue")};
    });
    bottom->addWidget(exporter->createToolButton());
    bottom->addWidget(m_replace);
    bottom->addWidget(m_reject);
    bottom->addWidget(m_accept);
    layout->addLayout(bottom);
    m_status->setWordWrap(true);
    m_status->setObjectName(u"clerkStatus"_s);
    layout->addWidget(m_status);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(DebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &ClerkWorkspace::reload);
    connect(m_query, &QLineEdit::textEdited, m_debounce, qOverload<>(&QTimer::start));
    connect(m_query, &QLineEdit::returnPressed, this, &ClerkWorkspace::reload);
    // The clear button changes the text without textEdited.
    connect(m_query, &QLineEdit::textChanged, this, [this](const QString &t) {
        if (t.isEmpty())
            m_debounce->start();
    });
    connect(m_state, &QComboBox::activated, this, &ClerkWorkspace::reload);
    connect(m_period, &QComboBox::activated, this, &ClerkWorkspace::reload);
    connect(m_refresh, &QPushButton::clicked, this, &ClerkWorkspace::reload);
    connect(m_retry, &QPushButton::clicked, this, &ClerkWorkspace::retry);
    connect(m_loadMore, &QPushButton::clicked, this, &ClerkWorkspace::loadMore);
    connect(m_accept, &QPushButton::clicked, this, &ClerkWorkspace::acceptSelected);
    connect(m_reject, &QPushButton::clicked, this, &ClerkWorkspace::rejectSelected);
    connect(m_replace, &QPushButton::clicked, this, &ClerkWorkspace::replaceMeter);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ClerkWorkspace::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ClerkWorkspace::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ClerkWorkspace::updateButtons);
    connect(m_table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
            [this] { m_table->horizontalHeader()->setSortIndicatorShown(true); });

    const QDate today = QDate::currentDate();
    m_currentPeriod = Period(today.year(), today.month()).previous();
    retranslate();
    updateButtons();
}

ClerkWorkspace::~ClerkWorkspace()
{
    if (m_loadJob)
        m_loadJob->abort();
    if (m_decideJob)
        m_decideJob->abort();
    for (const QPointer<RawJob> &job : std::as_const(m_previousJobs)) {
        if (job)
            job->abort();
    }
}

void ClerkWorkspace::setCurrentPeriod(Period current)
{
    m_currentPeriod = current;
    fillPeriodFilter();
}

void ClerkWorkspace::fillStateFilter()
{
    const QString chosen = m_state->count() ? m_state->currentData().toString() : u"submitted"_s;
    m_state->clear();
    m_state->addItem(tr("Submitted"), u"submitted"_s);
    m_state->addItem(tr("Ready (saved, not submitted)"), u"ready"_s);
    m_state->addItem(tr("Rejected"), u"rejected"_s);
    m_state->addItem(tr("Processed"), u"processed"_s);
    m_state->addItem(tr("Any state"), QString());
    m_state->setCurrentIndex(std::max(0, m_state->findData(chosen)));
}

void ClerkWorkspace::fillPeriodFilter()
{
    const int chosen = m_period->count() ? m_period->currentData().toInt() : 0;
    m_period->clear();
    m_period->addItem(tr("All periods"), 0);
    Period p = m_currentPeriod;
    for (int i = 0; i < 24 && p.isValid(); ++i, p = p.previous())
        m_period->addItem(format::period(p), p.yyyymm());
    m_period->setCurrentIndex(std::max(0, m_period->findData(chosen)));
}

void ClerkWorkspace::retranslate()
{
    m_stateLabel->setText(tr("&State:"));
    m_queryLabel->setText(tr("&Consumer:"));
    m_periodLabel->setText(tr("&Period:"));
    m_query->setPlaceholderText(tr("Account number or consumer name"));
    m_refresh->setText(tr("Re&fresh"));
    m_retry->setText(tr("&Retry"));
    m_accept->setText(tr("&Accept…"));
    m_reject->setText(tr("Re&ject…"));
    m_replace->setText(tr("Replace &meter…"));
    m_loadMore->setText(tr("Load &more"));
    if (TableExport *exporter = TableExport::of(m_table))
        exporter->setTitle(tr("Readings queue"));
    fillStateFilter();
    fillPeriodFilter();
    m_model->retranslate();
    updateCount();
    if (!m_lastError.isNull())
        showError(m_failed, m_lastError);
}

void ClerkWorkspace::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ClerkWorkspace::reload()
{
    m_debounce->stop();
    startLoad(0);
}

void ClerkWorkspace::loadMore()
{
    if (!m_model->hasMore() || m_loadJob)
        return;
    startLoad(m_model->rowCount());
}

void ClerkWorkspace::startLoad(int offset)
{
    if (m_loadJob)
        m_loadJob->abort();
    QUrlQuery query;
    // An empty state means any state; without the item the server lists submitted readings only.
    query.addQueryItem(u"state"_s, m_state->currentData().toString());
    const QString q = m_query->text().trimmed();
    if (!q.isEmpty())
        query.addQueryItem(u"q"_s, q);
    if (const int yyyymm = m_period->currentData().toInt())
        query.addQueryItem(u"period"_s, Period::fromYyyymm(yyyymm).toString());
    query.addQueryItem(u"limit"_s, QString::number(PageSize));
    query.addQueryItem(u"offset"_s, QString::number(offset));
    m_loadOffset = offset;
    RawJob *job = m_api->getRaw(u"/clerk/readings"_s, query);
    m_loadJob = job;
    m_busy->start(tr("Loading the readings queue…"));
    connect(job, &RawJob::finished, this, [this, offset](const QByteArray &body) {
        const auto page = protocol::clerkQueueFromJson(QJsonDocument::fromJson(body).object());
        if (!page) {
            showError(Failed::Load, page.error());
            Q_EMIT loadFailed(page.error());
            return;
        }
        if (m_failed == Failed::Load)
            hideError();
        if (offset == 0) {
            m_model->setPage(page.value());
            m_table->horizontalHeader()->setSortIndicatorShown(false);
            if (m_table->horizontalHeader()->sectionSize(0) <=
                m_table->horizontalHeader()->defaultSectionSize()) {
                m_table->resizeColumnsToContents();
                // A long consumer name must not push the values out of sight.
                for (int c = 0; c < ClerkQueueModel::ColumnCount; ++c)
                    m_table->setColumnWidth(c, std::min(m_table->columnWidth(c), 260));
            }
        } else {
            m_model->appendPage(page.value());
        }
        updateCount();
        loadPrevious();
        Q_EMIT loaded();
    });
    connect(job, &RawJob::failed, this, [this](const Error &e) {
        qCInfo(lcClerk) << "queue:" << e.code() << e.detail();
        showError(Failed::Load, e);
        Q_EMIT loadFailed(e);
    });
    connect(job, &ApiJob::done, this, [this, job] {
        if (m_loadJob == job)
            m_loadJob = nullptr;
        if (!m_loadJob && !m_decideJob)
            m_busy->stop();
        updateButtons();
    });
    updateButtons();
}

// The Previous column: GET /accounts/{id}/readings?period=P of each account on screen carries
// the readings of P - 1, which the queue itself does not.
void ClerkWorkspace::loadPrevious()
{
    QSet<QPair<qint64, int>> wanted;
    for (int i = 0; i < m_model->rowCount(); ++i) {
        const auto &row = m_model->rowAt(i);
        if (!row.previous)
            wanted.insert({row.item.reading.accountId.value(), row.item.reading.period.yyyymm()});
    }
    for (const auto &[account, yyyymm] : std::as_const(wanted)) {
        QUrlQuery q;
        q.addQueryItem(u"period"_s, Period::fromYyyymm(yyyymm).toString());
        RawJob *job = m_api->getRaw(u"/accounts/%1/readings"_s.arg(account), q);
        m_previousJobs.append(job);
        connect(job, &RawJob::finished, this, [this, account, yyyymm](const QByteArray &body) {
            const auto a = protocol::accountReadingsFromJson(QJsonDocument::fromJson(body).object());
            if (!a)
                return;
            QHash<qint64, Energy> values;
            for (const auto &r : a.value().previous)
                values.insert(r.registerId.value(), r.value);
            m_model->setPrevious(AccountId(account), Period::fromYyyymm(yyyymm), values);
            m_table->resizeColumnToContents(ClerkQueueModel::PreviousColumn);
        });
        connect(job, &ApiJob::done, this, [this, job] { m_previousJobs.removeAll(job); });
    }
}

void ClerkWorkspace::showError(Failed what, const Error &error)
{
    m_failed = what;
    m_lastError = error;
    QString text;
    switch (what) {
    case Failed::Decide:
        text = tr("The decision could not be sent: %1 Retry sends the same decision again; it is never "
                  "applied twice.")
                   .arg(errorText(error));
        break;
    case Failed::Refused:
        text = tr("The server refused the decision: %1").arg(errorText(error));
        break;
    case Failed::Load:
    case Failed::Nothing:
        text = tr("The readings queue could not be loaded: %1").arg(errorText(error));
        break;
    }
    m_retry->setVisible(what != Failed::Refused);
    m_errorText->setText(text);
    m_errorFrame->setVisible(true);
    updateCount();
}

void ClerkWorkspace::hideError()
{
    m_failed = Failed::Nothing;
    m_lastError = Error();
    m_errorFrame->setVisible(false);
    updateCount();
}

void ClerkWorkspace::retry()
{
    if (m_failed == Failed::Decide && !m_decisionBody.isEmpty()) {
        sendDecision();
        return;
    }
    startLoad(m_failed == Failed::Load ? m_loadOffset : 0);
}

QList<int> ClerkWorkspace::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex &i : m_table->selectionModel()->selectedRows())
        rows.append(i.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

void ClerkWorkspace::updateButtons()
{
    const QList<int> rows = selectedRows();
    bool decidable = !rows.isEmpty();
    for (const int r : rows) {
        const auto s = m_model->rowAt(r).item.reading.state;
        decidable = decidable && (s == domain::ReadingState::Ready || s == domain::ReadingState::Submitted);
    }
    m_accept->setEnabled(decidable && !m_decideJob);
    m_reject->setEnabled(decidable && !m_decideJob);
    m_replace->setEnabled(m_table->currentIndex().isValid() || rows.size() == 1);
    m_loadMore->setVisible(m_model->hasMore());
    m_loadMore->setEnabled(!m_loadJob);
}

void ClerkWorkspace::updateCount()
{
    if (m_model->total() == 0 && m_model->rowCount() == 0)
        m_count->setText(m_lastError.isNull() ? tr("No readings match the filters.") : QString());
    else
        m_count->setText(tr("%1 of %2 readings shown").arg(m_model->rowCount()).arg(m_model->total()));
}

void ClerkWorkspace::acceptSelected()
{
    const QList<int> rows = selectedRows();
    if (rows.isEmpty())
        return;
    int warnings = 0;
    for (const int r : rows)
        warnings += m_model->rowAt(r).item.rangeWarning ? 1 : 0;
    ClerkDecisionDialog dialog(ClerkDecisionDialog::Action::Accept, int(rows.size()), warnings, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    decide(true, dialog.reason(), dialog.overrideRange());
}

void ClerkWorkspace::rejectSelected()
{
    const QList<int> rows = selectedRows();
    if (rows.isEmpty())
        return;
    ClerkDecisionDialog dialog(ClerkDecisionDialog::Action::Reject, int(rows.size()), 0, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    decide(false, dialog.reason(), false);
}

void ClerkWorkspace::decide(bool accept, const QString &reason, bool overrideRange)
{
    const QList<int> rows = selectedRows();
    if (rows.isEmpty() || m_decideJob)
        return;
    protocol::DecideRequest request;
    for (const int r : rows)
        request.ids.append(m_model->rowAt(r).item.reading.id);
    request.action = accept ? u"accept"_s : u"reject"_s;
    request.reason = reason.trimmed();
    request.overrideRange = overrideRange;
    // A new user action: a new key. Retry keeps it (see retry()).
    m_decisionKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_decisionBody = QJsonDocument(protocol::toJson(request)).toJson(QJsonDocument::Compact);
    sendDecision();
}

void ClerkWorkspace::sendDecision()
{
    if (m_decideJob)
        return;
    RawJob *job = m_api->postIdempotent(u"/clerk/readings/decide"_s, m_decisionKey, m_decisionBody);
    m_decideJob = job;
    m_busy->start(tr("Sending the decision…"));
    m_status->clear();
    connect(job, &RawJob::finished, this, [this](const QByteArray &body) {
        const auto results = protocol::itemResultsFromJson(QJsonDocument::fromJson(body).object());
        if (!results) {
            showError(Failed::Decide, results.error());
            return;
        }
        if (m_failed == Failed::Decide || m_failed == Failed::Refused)
            hideError();
        m_decisionKey.clear();
        m_decisionBody.clear();
        const int saved = m_model->applyDecision(results.value());
        const int refused = int(results.value().items.size()) - saved;
        if (refused == 0)
            m_status->setText(tr("%n reading(s) decided.", nullptr, saved));
        else
            m_status->setText(tr("%n reading(s) decided; ", nullptr, saved) +
                              tr("%n refused: the Result column says why.", nullptr, refused));
        Q_EMIT decided(saved, refused);
    });
    connect(job, &RawJob::failed, this, [this, job](const Error &e) {
        qCInfo(lcClerk) << "decide:" << e.code() << e.detail();
        if (ApiSyncTransport::isTransientStatus(job->httpStatus())) {
            showError(Failed::Decide, e);
            return;
        }
        // A refusal of the whole request (4xx) will not change by retrying: a new decision is needed.
        m_decisionKey.clear();
        m_decisionBody.clear();
        showError(Failed::Refused, e);
    });
    connect(job, &ApiJob::done, this, [this, job] {
        if (m_decideJob == job)
            m_decideJob = nullptr;
        if (!m_loadJob && !m_decideJob)
            m_busy->stop();
        updateButtons();
    });
    updateButtons();
}

void ClerkWorkspace::replaceMeter()
{
    QModelIndex current = m_table->currentIndex();
    const QList<int> rows = selectedRows();
    const int row = rows.size() == 1 ? rows.first() : current.row();
    if (row < 0 || row >= m_model->rowCount())
        return;
    const domain::ReadingRecord &r = m_model->rowAt(row).item.reading;
    // A meter is replaced in the period being entered now, whatever period the row is of.
    const bool entering = r.period == m_currentPeriod;
    auto *dialog = new MeterReplaceDialog(m_api, r.accountId, r.meterId, m_currentPeriod,
                                          entering ? r.takenOn : QDate::currentDate(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &MeterReplaceDialog::replaced, this, [this](const protocol::ReplaceMeterResponse &done) {
        m_status->setText(tr("The meter was replaced; the new meter %1 takes the readings from now on.")
                              .arg(done.meter.number));
        Q_EMIT meterReplaced();
        reload();
    });
    dialog->open();
}

} // namespace oblik::client
