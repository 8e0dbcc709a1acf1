#include "views/tableexport.h"

#include "export/csvtablewriter.h"
#include "export/tableprinter.h"
#include "export/xlsxtablewriter.h"

#include <QAbstractItemView>
#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QSettings>
#include <QStandardPaths>
#include <QToolButton>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {

const auto kLastFolderKey = u"export/lastFolder"_s;

struct Outcome
{
    QString error;
    qint64 elapsedMs = 0;
};

} // namespace

TableExport::TableExport(QAbstractItemView *view, const QString &title)
    : QObject(view), m_view(view), m_title(title), m_xlsx(new QAction(this)), m_csv(new QAction(this)),
      m_print(new QAction(this))
{
    setObjectName(u"tableExport"_s);
    m_xlsx->setObjectName(u"exportXlsx"_s);
    m_csv->setObjectName(u"exportCsv"_s);
    m_print->setObjectName(u"printTable"_s);
    m_print->setShortcut(QKeySequence::Print);
    m_print->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_xlsx, &QAction::triggered, this, &TableExport::exportXlsx);
    connect(m_csv, &QAction::triggered, this, &TableExport::exportCsv);
    connect(m_print, &QAction::triggered, this, &TableExport::print);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    view->addActions(actions());
    view->installEventFilter(this);
    retranslate();
}

TableExport *TableExport::of(const QAbstractItemView *view)
{
    return view ? view->findChild<TableExport *>(u"tableExport"_s, Qt::FindDirectChildrenOnly) : nullptr;
}

void TableExport::retranslate()
{
    m_xlsx->setText(tr("Export to Excel (.xlsx)…"));
    m_csv->setText(tr("Export to CSV…"));
    m_print->setText(tr("Print…"));
    for (QToolButton *button : std::as_const(m_buttons))
        if (button)
            button->setText(tr("Export / Print"));
}

bool TableExport::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::LanguageChange &&
        (watched == m_view || qobject_cast<QToolButton *>(watched)))
        retranslate();
    return QObject::eventFilter(watched, event);
}

QToolButton *TableExport::createToolButton(QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(u"exportButton"_s);
    button->setPopupMode(QToolButton::InstantPopup);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *menu = new QMenu(button);
    menu->addActions(actions());
    button->setMenu(menu);
    m_buttons.append(button);
    button->setText(tr("Export / Print"));
    button->installEventFilter(this);
    return button;
}

TableSnapshot TableExport::snapshot() const
{
    TableSnapshot s = TableSnapshot::fromView(m_view);
    s.title = m_title;
    if (m_context)
        s.heading = m_context().heading;
    return s;
}

QString TableExport::suggestedFileName(Format format) const
{
    QString stem = m_context ? m_context().fileStem : QString();
    if (stem.isEmpty())
        stem = m_title.isEmpty() ? tr("table") : m_title;
    // Characters no file system likes become spaces.
    for (QChar c : u"\\/:*?\"<>|\n\r\t"_s)
        stem.replace(c, u' ');
    stem = stem.simplified();
    return stem + (format == Format::Xlsx ? u".xlsx"_s : u".csv"_s);
}

void TableExport::exportXlsx()
{
    exportInteractive(Format::Xlsx);
}

void TableExport::exportCsv()
{
    exportInteractive(Format::Csv);
}

void TableExport::exportInteractive(Format format)
{
    if (m_busy || !m_view)
        return;
    QSettings settings;
    QString folder = settings.value(kLastFolderKey).toString();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString filter =
        format == Format::Xlsx ? tr("Excel workbook (*.xlsx)") : tr("CSV, semicolon separated (*.csv)");
    const QString path = QFileDialog::getSaveFileName(
        m_view->window(), format == Format::Xlsx ? tr("Export to Excel") : tr("Export to CSV"),
        QDir(folder).filePath(suggestedFileName(format)), filter);
    if (path.isEmpty())
        return;
    settings.setValue(kLastFolderKey, QFileInfo(path).absolutePath());
    startExport(format, path);
}

bool TableExport::startExport(Format format, const QString &path)
{
    if (m_busy || !m_view)
        return false;
    QElapsedTimer timer;
    timer.start();
    // Read on this thread (models are not thread-safe); the worker gets its own copy.
    const TableSnapshot table = snapshot();
    const qint64 snapshotMs = timer.elapsed();
    const QChar decimalPoint = CsvTableWriter::decimalPointFor(QLocale());
    setBusy(true);
    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, path, snapshotMs] {
        const Outcome outcome = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        if (!outcome.error.isEmpty() && m_interactive && m_view)
            QMessageBox::warning(m_view->window(), tr("Export"), outcome.error);
        Q_EMIT finished(path, outcome.error, snapshotMs + outcome.elapsedMs);
    });
    watcher->setFuture(QtConcurrent::run([table, path, format, decimalPoint] {
        QElapsedTimer t;
        t.start();
        Outcome o;
        o.error = format == Format::Xlsx ? XlsxTableWriter::write(table, path)
                                         : CsvTableWriter::write(table, path, decimalPoint);
        o.elapsedMs = t.elapsed();
        return o;
    }));
    return true;
}

void TableExport::setBusy(bool busy)
{
    m_busy = busy;
    m_xlsx->setEnabled(!busy);
    m_csv->setEnabled(!busy);
    if (m_view) {
        if (busy)
            m_view->setCursor(Qt::BusyCursor);
        else
            m_view->unsetCursor();
    }
}

void TableExport::preparePrinter(QPrinter *printer, const TableSnapshot &table)
{
    printer->setPageSize(QPageSize(QPageSize::A4));
    printer->setPageOrientation(TablePrinter::prefersLandscape(table) ? QPageLayout::Landscape
                                                                      : QPageLayout::Portrait);
    printer->setDocName(table.title);
}

void TableExport::printTo(QPrinter *printer) const
{
    TablePrinter::print(snapshot(), printer);
}

void TableExport::print()
{
    if (!m_view)
        return;
    const TableSnapshot table = snapshot();
    QPrinter printer(QPrinter::HighResolution);
    preparePrinter(&printer, table);
    QPrintPreviewDialog preview(&printer, m_view->window());
    preview.setWindowTitle(tr("Print: %1").arg(m_title));
    connect(&preview, &QPrintPreviewDialog::paintRequested, this,
            [table](QPrinter *p) { TablePrinter::print(table, p); });
    preview.exec();
}

} // namespace oblik::client
