#pragma once
// One billing screen of the account (balance, invoices, tax invoices, payments, turnover,
// tariffs): a bar of controls, a status line, and one or more titled tables. It shows what it is
// given and never waits: the busy bar runs while requests do, data the local store kept is marked
// "as of <time>", and an empty list says so in words instead of showing a blank grid.

#include <QDateTime>
#include <QMap>
#include <QPointer>
#include <QWidget>
#include <functional>

#include "views/tableexport.h"

class QHBoxLayout;
class QLabel;
class QPushButton;
class QMenu;
class QStackedWidget;
class QTableView;
class QToolButton;
class QVBoxLayout;

namespace oblik::client {

class BillingTableModel;
class BusyIndicator;

class BillingPage : public QWidget
{
    Q_OBJECT
public:
    explicit BillingPage(const QString &objectName, QWidget *parent = nullptr);

    // The bar above the tables, for a page's own controls (period picker, buttons).
    QHBoxLayout *bar() const { return m_bar; }
    // A line of text above the tables (the dashboard's balance); hidden while empty.
    QLabel *headline() const { return m_headline; }
    // Adds a table of the model under a title (empty title: none). The first table takes the
    // spare height unless `stretch` says otherwise.
    QTableView *addTable(BillingTableModel *model, const QString &objectName, int stretch = 1);
    void setTableTitle(int index, const QString &title);
    QTableView *table(int index = 0) const;
    // Every table exports and prints (its context menu and the bar's "Export / Print" button).
    // The page's name titles a table that has no title of its own; the context (account, period)
    // heads the printout and names the file.
    void setExportTitle(const QString &title);
    void setExportContext(std::function<TableExport::Context()> context);
    TableExport *tableExport(int index = 0) const;
    QToolButton *exportButton() const { return m_exportButton; }
    // Said in place of the tables when every table is empty.
    void setEmptyText(const QString &text);

    // Requests under way (several sources may feed one page).
    void beginLoad(const QString &source);
    // The source's data is the server's own, just fetched.
    void showFresh(const QString &source);
    // The source's data came from the local store, fetched at `at`; `why` is the request's
    // failure ("" while the request still runs).
    void showCached(const QString &source, const QDateTime &at, const QString &why = {});
    // The source failed and nothing was kept: the error in words, with Retry.
    void showError(const QString &source, const QString &text);
    void clearStatus();
    // After the models changed: the empty text or the tables, and column widths.
    void updateContents();

    bool isLoading() const { return !m_loading.isEmpty(); }
    QLabel *statusLabel() const { return m_status; }
    QLabel *emptyLabel() const { return m_empty; }
    BusyIndicator *busyIndicator() const { return m_busy; }
    QPushButton *retryButton() const { return m_retry; }

Q_SIGNALS:
    void retryRequested();
    // A row of a table was activated (double click, Enter).
    void rowActivated(int table, qint64 id);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct SourceState
    {
        QDateTime cachedAt; // invalid = fresh
        QString error;
    };
    void updateStatus();
    void updateExportTitles();
    void fillExportMenu();

    QHBoxLayout *m_bar;
    QLabel *m_headline;
    BusyIndicator *m_busy;
    QLabel *m_status;
    QPushButton *m_retry;
    QStackedWidget *m_stack;
    QWidget *m_tables;
    QVBoxLayout *m_tablesLayout;
    QLabel *m_empty;
    QString m_emptyText;
    QList<QLabel *> m_titles;
    QList<QTableView *> m_views;
    QList<TableExport *> m_exports;
    QToolButton *m_exportButton;
    QMenu *m_exportMenu;
    QString m_exportTitle;
    std::function<TableExport::Context()> m_exportContext;
    // Guarded: a page can outlive the controller that owns its models (a page never put in a
    // window), and still hear of a language change.
    QList<QPointer<BillingTableModel>> m_models;
    QList<int> m_stretch;
    QMap<QString, SourceState> m_sources;
    QMap<QString, bool> m_loading;
};

} // namespace oblik::client
