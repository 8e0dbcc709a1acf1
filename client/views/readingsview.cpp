#include "views/readingsview.h"

#include "models/displayformat.h"
#include "models/readingsmodel.h"
#include "views/tableexport.h"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

void ReadingsTree::closeEditor(QWidget *editor, QAbstractItemDelegate::EndEditHint hint)
{
    // Enter ends with SubmitModelCache: the value is committed, then typing goes on one row down,
    // as on a paper list of meters.
    const QModelIndex current = currentIndex();
    QTreeView::closeEditor(
        editor, hint == QAbstractItemDelegate::SubmitModelCache ? QAbstractItemDelegate::NoHint : hint);
    if (hint != QAbstractItemDelegate::SubmitModelCache)
        return;
    auto *readings = qobject_cast<ReadingsModel *>(model());
    if (!readings)
        return;
    const QPersistentModelIndex next = readings->nextEditable(current);
    if (!next.isValid())
        return;
    // After the editor is fully gone (the view is still inside its own editing state here).
    QMetaObject::invokeMethod(
        this,
        [this, next] {
            if (!next.isValid())
                return;
            expand(next.parent());
            setCurrentIndex(next); // opens the editor by itself when CurrentChanged is a trigger
            scrollTo(next);
            if (state() != QAbstractItemView::EditingState)
                edit(next);
        },
        Qt::QueuedConnection);
}

namespace {
QFrame *makeBanner(const QString &name, const QString &background, const QString &border, QLabel *text)
{
    auto *frame = new QFrame;
    frame->setObjectName(name);
    frame->setStyleSheet(
        u"#%1 { background: %2; border: 1px solid %3; border-radius: 3px; }"_s.arg(name, background, border));
    auto *layout = new QHBoxLayout(frame);
    layout->setContentsMargins(10, 6, 10, 6);
    text->setWordWrap(true);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(text, 1);
    frame->setVisible(false);
    return frame;
}
} // namespace

ReadingsView::ReadingsView(QWidget *parent)
    : QWidget(parent), m_model(new ReadingsModel(this)), m_tree(new ReadingsTree), m_title(new QLabel),
      m_entryLabel(new QLabel), m_total(new QLabel), m_unsent(new QLabel), m_online(new QLabel),
      m_send(new QPushButton), m_submit(new QPushButton), m_meterText(new QLabel),
      m_reloadMeters(new QPushButton), m_act(new QToolButton), m_refusalText(new QLabel),
      m_closedText(new QLabel), m_unavailable(new QLabel)
{
    m_tree->setModel(m_model);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true); // thousands of rows
    m_tree->setEditTriggers(QAbstractItemView::AllEditTriggers);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_tree->header()->setStretchLastSection(true);

    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_total->setObjectName(u"readingsTotal"_s);
    m_unsent->setObjectName(u"readingsUnsent"_s);
    m_online->setObjectName(u"readingsOnline"_s);
    m_entryLabel->setObjectName(u"readingsEntry"_s);
    m_send->setObjectName(u"sendReadings"_s);
    m_submit->setObjectName(u"submitReadings"_s);
    m_reloadMeters->setObjectName(u"reloadMeters"_s);
    m_unavailable->setObjectName(u"readingsUnavailable"_s);
    m_unavailable->setAlignment(Qt::AlignCenter);
    m_unavailable->setWordWrap(true);
    m_unavailable->setVisible(false);

    m_closedBanner = makeBanner(u"closedBanner"_s, u"#fff8e1"_s, u"#ffb300"_s, m_closedText);
    m_meterBanner = makeBanner(u"meterBanner"_s, u"#fff3e0"_s, u"#fb8c00"_s, m_meterText);
    m_meterBanner->layout()->addWidget(m_reloadMeters);
    m_refusalBanner = makeBanner(u"refusalBanner"_s, u"#fdecea"_s, u"#e57373"_s, m_refusalText);

    auto *top = new QHBoxLayout;
    top->addWidget(m_title);
    top->addSpacing(16);
    top->addWidget(m_entryLabel);
    top->addStretch(1);
    top->addWidget(m_total);
    // Export and print of the form (also in the tree's context menu).
    auto *exporter = new TableExport(m_tree);
    exporter->setContext([this] {
        const domain::AccountDetail &a = m_model->account();
        return TableExport::Context{tr("Account %1, %2").arg(a.number, a.consumer.name),
                                    tr("Readings %1 %2").arg(a.number, m_model->period().toString())};
    });
    top->addWidget(exporter->createToolButton());
    auto *bottom = new QHBoxLayout;
    // The readings act of the period: filled with the readings, or blank for filling by hand.
    m_act->setObjectName(u"readingsAct"_s);
    m_act->setPopupMode(QToolButton::InstantPopup);
    m_act->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *actMenu = new QMenu(m_act);
    m_actFilled = actMenu->addAction(QString(), this, [this] {
        if (m_model->period().isValid())
            Q_EMIT readingsActRequested(m_model->period(), false);
    });
    m_actBlank = actMenu->addAction(QString(), this, [this] {
        if (m_model->period().isValid())
            Q_EMIT readingsActRequested(m_model->period(), true);
    });
    m_act->setMenu(actMenu);
    bottom->addWidget(m_act);
    bottom->addSpacing(8);
    bottom->addWidget(m_unsent);
    bottom->addStretch(1);
    bottom->addWidget(m_online);
    bottom->addWidget(m_submit);
    bottom->addWidget(m_send);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(m_closedBanner);
    layout->addWidget(m_meterBanner);
    layout->addWidget(m_refusalBanner);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_unavailable, 1);
    layout->addLayout(bottom);

    connect(m_model, &ReadingsModel::totalsChanged, this, &ReadingsView::updateSummary);
    connect(m_model, &ReadingsModel::storeFailed, this, [this](const Error &e) {
        QMessageBox::warning(this, tr("Not saved"),
                             tr("The value could not be saved on this computer: %1").arg(e.message()));
    });
    connect(m_send, &QPushButton::clicked, this, &ReadingsView::sendRequested);
    connect(m_submit, &QPushButton::clicked, this, &ReadingsView::submitRequested);
    connect(m_reloadMeters, &QPushButton::clicked, this, &ReadingsView::reloadMetersRequested);
    retranslate();
}

ReadingsView::~ReadingsView() = default;

void ReadingsView::setStore(LocalStore *store)
{
    m_model->setStore(store);
}

void ReadingsView::setAccount(const domain::AccountDetail &account, Period period, QDate today)
{
    m_unavailableWhy.clear();
    m_model->setAccount(account, period, today);
    m_tree->expandAll();
    for (int c = 0; c < ReadingsModel::ColumnCount - 1; ++c)
        m_tree->resizeColumnToContents(c);
    // Long point names and model codes must not push the current reading out of sight: they are
    // elided (the full text stays in the cell's tooltip and when the column is widened).
    const QFontMetrics fm = m_tree->fontMetrics();
    for (const auto &[column, chars] :
         {std::pair{int(ReadingsModel::PointColumn), 38}, std::pair{int(ReadingsModel::ModelColumn), 16}})
        m_tree->setColumnWidth(column, std::min(m_tree->columnWidth(column), fm.averageCharWidth() * chars));
    retranslate();
}

void ReadingsView::setEntry(const ReadingsEntry &entry)
{
    m_entry = entry;
    m_model->setEntryOpen(entry.isOpen(m_model->today().isValid() ? m_model->today() : QDate::currentDate()));
    retranslate();
}

void ReadingsView::showUnavailable(const QString &why)
{
    m_unavailableWhy = why;
    m_entry.reset();
    m_model->clear();
    retranslate();
}

void ReadingsView::clear()
{
    m_entry.reset();
    m_unavailableWhy.clear();
    m_commandRefusal.clear();
    m_submitPending = false;
    m_model->clear();
    retranslate();
}

void ReadingsView::refresh()
{
    m_model->reloadFromStore();
}

void ReadingsView::setOnline(bool online, const QString &why)
{
    m_isOnline = online;
    m_offlineWhy = why;
    retranslate();
}

void ReadingsView::showRefusal(const QString &text)
{
    m_commandRefusal = text;
    updateSummary();
}

void ReadingsView::setSubmitPending(bool pending)
{
    m_submitPending = pending;
    updateSummary();
}

bool ReadingsView::hasUnsentValues() const
{
    return m_model->unsentCount() > 0;
}

bool ReadingsView::confirmLeave()
{
    if (!hasUnsentValues())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsent readings"),
                    tr("%n reading(s) are saved on this computer but not sent to the supplier yet.", nullptr,
                       m_model->unsentCount()),
                    QMessageBox::NoButton, this);
    box.setInformativeText(tr("They stay saved and can be sent later. Leave the form anyway?"));
    QPushButton *leave = box.addButton(tr("Leave"), QMessageBox::AcceptRole);
    QPushButton *stay = box.addButton(tr("Stay"), QMessageBox::RejectRole);
    box.setDefaultButton(stay);
    box.setObjectName(u"unsentReadingsBox"_s);
    box.exec();
    return box.clickedButton() == leave;
}

void ReadingsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ReadingsView::retranslate()
{
    const bool shown = m_model->rowCount() > 0;
    m_title->setText(shown ? tr("Readings for %1").arg(format::period(m_model->period())) : tr("Readings"));
    if (TableExport *exporter = TableExport::of(m_tree))
        exporter->setTitle(m_title->text());
    m_send->setText(tr("Send readings"));
    m_submit->setText(tr("Submit to calculation"));
    m_submit->setToolTip(tr("Transfers the readings saved on the server to calculation. They stay editable "
                            "until the supplier processes them."));
    m_reloadMeters->setText(tr("Reload the list of metering points"));
    m_act->setText(tr("Readings act"));
    m_act->setToolTip(tr("The readings act of the period as a document to print or save"));
    m_actFilled->setText(tr("Filled with the readings"));
    m_actBlank->setText(tr("Blank, for filling by hand"));
    m_online->setText(m_isOnline
                          ? tr("Online")
                          : (m_offlineWhy.isEmpty() ? tr("Offline") : tr("Offline: %1").arg(m_offlineWhy)));
    m_unavailable->setText(m_unavailableWhy);
    m_unavailable->setVisible(!m_unavailableWhy.isEmpty());
    m_tree->setVisible(m_unavailableWhy.isEmpty());
    updateEntry();
    updateSummary();
}

void ReadingsView::updateEntry()
{
    if (!m_entry || m_model->rowCount() == 0) {
        m_entryLabel->clear();
        m_closedBanner->setVisible(false);
        return;
    }
    const ReadingsEntry &e = *m_entry;
    const bool open = m_model->isEntryOpen();
    QString text =
        e.window.first.isValid()
            ? tr("Readings window: %1 – %2").arg(format::date(e.window.first), format::date(e.window.last))
            : QString();
    const QString state =
        e.periodClosed ? tr("period processed") : (open ? tr("entry open") : tr("entry closed"));
    text = text.isEmpty() ? state : text + u" · "_s + state;
    if (e.estimated)
        text += u" · "_s + tr("worked out on this computer from the contract until the server answers");
    else if (e.fromCache && e.fetchedAt.isValid())
        text += u" · "_s + tr("as the server said on %1").arg(format::dateTime(e.fetchedAt));
    m_entryLabel->setText(text);
    if (open) {
        m_closedBanner->setVisible(false);
        return;
    }
    const QString period = format::period(e.period);
    if (e.periodClosed)
        m_closedText->setText(
            tr("The readings for %1 are processed by the supplier. They are shown read-only.").arg(period));
    else if (e.window.first.isValid() && m_model->today() < e.window.first)
        m_closedText->setText(
            tr("Readings for %1 are accepted from %2 to %3. Until then the form is read-only.")
                .arg(period, format::date(e.window.first), format::date(e.window.last)));
    else if (e.nextWindow.first.isValid())
        m_closedText->setText(
            tr("The readings window for %1 closed on %2. The form is read-only; readings for "
               "the next period are accepted from %3.")
                .arg(period, format::date(e.window.last), format::date(e.nextWindow.first)));
    else
        m_closedText->setText(tr("The readings window for %1 closed on %2. The form is read-only; call your "
                                 "district office if readings are still missing.")
                                  .arg(period, format::date(e.window.last)));
    m_closedBanner->setVisible(true);
}

void ReadingsView::updateSummary()
{
    // Runs after every keystroke: counters only, never a pass over all rows.
    m_total->setText(tr("Preliminary consumption of the account: %1 kWh")
                         .arg(format::energy(m_model->accountConsumption())));
    const int unsent = m_model->unsentCount();
    QString unsentText = unsent > 0 ? tr("%n value(s) saved locally, not sent yet", nullptr, unsent)
                                    : tr("Everything is sent");
    if (m_submitPending)
        unsentText += u" · "_s + tr("submission to calculation waits to be sent");
    m_unsent->setText(unsentText);
    m_send->setEnabled(m_model->sendableCount() > 0);
    m_submit->setEnabled(m_model->canSubmit() && !m_submitPending);
    m_act->setEnabled(m_model->period().isValid() && m_model->rowCount() > 0);

    const int changed = m_model->meterChangedPoints();
    m_meterText->setText(
        tr("The meter of %n metering point(s) was changed by the supplier. Your values are kept; reload the "
           "list of metering points to check them against the new meters.",
           nullptr, changed));
    m_meterBanner->setVisible(changed > 0);

    const int refused = m_model->refusedCount();
    QStringList refusal;
    if (!m_commandRefusal.isEmpty())
        refusal << m_commandRefusal;
    if (refused > 0)
        refusal << tr(
            "The server refused %n value(s): the marked cells say why. Correct them and send again; "
            "refused values are not sent by themselves.",
            nullptr, refused);
    m_refusalText->setText(refusal.join(u'\n'));
    m_refusalBanner->setVisible(!refusal.isEmpty());
}

} // namespace oblik::client
