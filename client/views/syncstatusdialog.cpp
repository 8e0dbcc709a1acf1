#include "views/syncstatusdialog.h"

#include "api/errortext.h"
#include "local/localstore.h"
#include "models/displayformat.h"
#include "sync/syncengine.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

QString outboxStateText(int state)
{
    switch (OutboxState(state)) {
    case OutboxState::Pending:
        return SyncStatusDialog::tr("Saved locally");
    case OutboxState::Sent:
        return SyncStatusDialog::tr("Sent");
    case OutboxState::Accepted:
        return SyncStatusDialog::tr("Accepted");
    case OutboxState::Rejected:
        return SyncStatusDialog::tr("Rejected");
    }
    return {};
}

namespace {
QString when(qint64 ms)
{
    return ms > 0 ? format::dateTime(QDateTime::fromMSecsSinceEpoch(ms)) : QString();
}

QTableWidgetItem *cell(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    item->setToolTip(text);
    return item;
}

QTableWidget *table(const QString &name)
{
    auto *t = new QTableWidget;
    t->setObjectName(name);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->verticalHeader()->setVisible(false);
    t->horizontalHeader()->setStretchLastSection(true);
    t->setAlternatingRowColors(true);
    return t;
}
} // namespace

SyncStatusDialog::SyncStatusDialog(QWidget *parent)
    : QDialog(parent), m_summary(new QLabel), m_commandsTitle(new QLabel), m_problemsTitle(new QLabel),
      m_commands(table(u"outboxTable"_s)), m_problems(table(u"problemTable"_s)), m_sync(new QPushButton),
      m_close(new QPushButton)
{
    setObjectName(u"SyncStatusDialog"_s);
    m_summary->setWordWrap(true);
    m_summary->setObjectName(u"syncSummary"_s);
    QFont bold = m_commandsTitle->font();
    bold.setBold(true);
    m_commandsTitle->setFont(bold);
    m_problemsTitle->setFont(bold);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_sync);
    buttons->addWidget(m_close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_commandsTitle);
    layout->addWidget(m_commands, 1);
    layout->addWidget(m_problemsTitle);
    layout->addWidget(m_problems, 1);
    layout->addLayout(buttons);
    connect(m_close, &QPushButton::clicked, this, &QDialog::close);
    connect(m_sync, &QPushButton::clicked, this, [this] {
        if (m_engine)
            m_engine->syncNow(true);
    });
    resize(900, 560);
    retranslate();
}

void SyncStatusDialog::setSources(LocalStore *store, SyncEngine *engine)
{
    if (m_engine)
        disconnect(m_engine, nullptr, this, nullptr);
    m_store = store;
    m_engine = engine;
    if (m_engine) {
        connect(m_engine, &SyncEngine::storeChanged, this, &SyncStatusDialog::refresh);
        connect(m_engine, &SyncEngine::failed, this, &SyncStatusDialog::refresh);
        connect(m_engine, &SyncEngine::synced, this, &SyncStatusDialog::refresh);
    }
    refresh();
}

void SyncStatusDialog::refresh()
{
    m_commands->setRowCount(0);
    m_problems->setRowCount(0);
    m_sync->setEnabled(m_engine != nullptr);
    if (!m_store) {
        m_summary->setText(tr("Not signed in."));
        return;
    }
    const QList<OutboxCommand> commands = m_store->commands();
    m_commands->setRowCount(int(commands.size()));
    // Newest first: the user looks for what they just did.
    for (int i = 0; i < commands.size(); ++i) {
        const OutboxCommand &c = commands.at(commands.size() - 1 - i);
        const QJsonObject payload = QJsonDocument::fromJson(c.payload).object();
        const int items = int(payload.value(u"items"_s).toArray().size());
        const QString what =
            c.kind == u"readings.submit"_s
                ? tr("Submit %1 to calculation").arg(payload.value(u"period"_s).toString())
                : tr("%n reading(s) for %1", nullptr, items).arg(payload.value(u"period"_s).toString());
        const QString failure =
            c.lastError.isEmpty() ? QString() : client::errorText(Error::make(c.lastError));
        QString next;
        if ((c.state == OutboxState::Pending) && c.nextAttemptAtMs > 0 && !c.lastError.isEmpty())
            next = when(c.nextAttemptAtMs);
        const QStringList texts{QString::number(c.seq),      what,    outboxStateText(int(c.state)),
                                QString::number(c.attempts), failure, next};
        for (int col = 0; col < texts.size(); ++col)
            m_commands->setItem(i, col, cell(texts.at(col)));
        if (c.state == OutboxState::Rejected)
            for (int col = 0; col < texts.size(); ++col)
                m_commands->item(i, col)->setForeground(QColor(0x9a, 0x00, 0x07));
    }
    const QList<Rejection> rejections = m_store->rejections();
    const QList<Conflict> conflicts = m_store->conflicts();
    m_problems->setRowCount(int(rejections.size() + conflicts.size()));
    int row = 0;
    for (const Rejection &r : rejections) {
        const QStringList texts{when(r.atMs),
                                tr("Refused"),
                                QString::number(r.outboxSeq),
                                r.registerId.isValid() ? QString::number(r.registerId.value()) : QString(),
                                r.code,
                                r.text};
        for (int col = 0; col < texts.size(); ++col)
            m_problems->setItem(row, col, cell(texts.at(col)));
        ++row;
    }
    for (const Conflict &c : conflicts) {
        const QJsonObject server = QJsonDocument::fromJson(c.serverJson).object();
        const QString text = Error::make(c.code, c.field).message() +
                             (server.isEmpty() ? QString()
                                               : u" "_s + tr("(the server holds %1, state %2, version %3)")
                                                              .arg(server.value(u"value"_s).toString(),
                                                                   server.value(u"state"_s).toString())
                                                              .arg(server.value(u"version"_s).toInt()));
        const QStringList texts{when(c.atMs),
                                tr("Conflict"),
                                QString::number(c.outboxSeq),
                                c.registerId.isValid() ? QString::number(c.registerId.value()) : QString(),
                                c.code,
                                text};
        for (int col = 0; col < texts.size(); ++col)
            m_problems->setItem(row, col, cell(texts.at(col)));
        ++row;
    }
    m_commands->resizeColumnsToContents();
    m_problems->resizeColumnsToContents();

    const int waiting = m_store->unansweredCount();
    QStringList summary;
    summary << (waiting > 0 ? tr("%n command(s) wait to be sent.", nullptr, waiting)
                            : tr("Nothing waits to be sent."));
    if (m_engine) {
        summary << (m_engine->isOnline() ? tr("Online.") : tr("Offline."));
        if (!m_engine->lastError().isNull())
            summary << tr("Last failure: %1.").arg(client::errorText(m_engine->lastError()));
        if (m_engine->nextAttemptAt().isValid() && !m_engine->lastError().isNull())
            summary << tr("Next attempt at %1.")
                           .arg(QLocale().toString(m_engine->nextAttemptAt().toLocalTime().time(),
                                                   QLocale::ShortFormat));
        const QDateTime last = m_engine->lastSyncAt();
        summary << (last.isValid() ? tr("Last successful sync: %1.").arg(format::dateTime(last))
                                   : tr("Never synchronised yet."));
    }
    m_summary->setText(summary.join(u' '));
}

void SyncStatusDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        refresh();
    }
    QDialog::changeEvent(event);
}

void SyncStatusDialog::retranslate()
{
    setWindowTitle(tr("Sync status"));
    m_commandsTitle->setText(tr("Commands (newest first)"));
    m_problemsTitle->setText(tr("What the server refused or found in conflict"));
    m_commands->setColumnCount(6);
    m_commands->setHorizontalHeaderLabels(
        {tr("No."), tr("What"), tr("State"), tr("Attempts"), tr("Last failure"), tr("Next attempt")});
    m_problems->setColumnCount(6);
    m_problems->setHorizontalHeaderLabels(
        {tr("When"), tr("Kind"), tr("Command"), tr("Register"), tr("Code"), tr("Server's text")});
    m_sync->setText(tr("Sync now"));
    m_close->setText(tr("Close"));
}

} // namespace oblik::client
