#pragma once
// Export and print for any table or tree of the client: "Export to Excel (.xlsx)…", "Export to
// CSV…" and "Print…" in the view's context menu (Qt::ActionsContextMenu: a screen that wants more
// entries adds its own actions to the view) and in a tool button for the screen's bar. The rows
// are read on the GUI thread (a snapshot: what the view shows, in its order and columns) and
// written on a worker thread, so that a long readings form does not freeze the window; failures
// are shown in words with the path. Printing previews an HTML table of the rows under the table's
// title and heading (account, period), landscape when wide.

#include "export/tablesnapshot.h"

#include <QAbstractItemView>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QToolButton>
#include <functional>

class QAction;
class QPrinter;
class QWidget;

namespace oblik::client {

class TableExport : public QObject
{
    Q_OBJECT
public:
    enum class Format { Xlsx, Csv };
    // What the rows are about, asked at export time (the account or period may have changed).
    struct Context
    {
        QString heading;  // "Account 0123456, Ivan Petrenko; October 2026"
        QString fileStem; // "invoices 0123456 2026-10"; the title when empty
    };

    // Owned by the view; adds the actions to it.
    explicit TableExport(QAbstractItemView *view, const QString &title = {});
    // The TableExport attached to a view, if any.
    static TableExport *of(const QAbstractItemView *view);

    void setTitle(const QString &title) { m_title = title; }
    QString title() const { return m_title; }
    void setContext(std::function<Context()> context) { m_context = std::move(context); }
    // Dialogs (file names, errors, preview) are shown; tests switch them off.
    void setInteractive(bool interactive) { m_interactive = interactive; }

    QAbstractItemView *view() const { return m_view; }
    QAction *xlsxAction() const { return m_xlsx; }
    QAction *csvAction() const { return m_csv; }
    QAction *printAction() const { return m_print; }
    QList<QAction *> actions() const { return {m_xlsx, m_csv, m_print}; }
    // A tool button with the three actions in its menu, for a screen's bar.
    QToolButton *createToolButton(QWidget *parent = nullptr);

    // What would be exported or printed now.
    TableSnapshot snapshot() const;
    // Writes the file on a worker thread; finished() says how it went. False when an export of
    // this table is already running.
    bool startExport(Format format, const QString &path);
    bool isBusy() const { return m_busy; }
    // A4, landscape when the table is wide, the title as the document's name.
    static void preparePrinter(QPrinter *printer, const TableSnapshot &table);
    // Renders the rows on the printer (the preview's pages, a PDF file, paper).
    void printTo(QPrinter *printer) const;
    // The file name offered in the save dialog, without folder: "Invoices 0123456.xlsx".
    QString suggestedFileName(Format format) const;

public Q_SLOTS:
    void exportXlsx();
    void exportCsv();
    void print();

Q_SIGNALS:
    // error: "" when the file was written, else the reason in words with the path.
    void finished(const QString &path, const QString &error, qint64 elapsedMs);

private:
    void exportInteractive(Format format);
    void setBusy(bool busy);
    void retranslate();
    bool eventFilter(QObject *watched, QEvent *event) override;

    QPointer<QAbstractItemView> m_view;
    QString m_title;
    std::function<Context()> m_context;
    QAction *m_xlsx;
    QAction *m_csv;
    QAction *m_print;
    bool m_interactive = true;
    bool m_busy = false;
    QList<QPointer<QToolButton>> m_buttons;
};

} // namespace oblik::client
