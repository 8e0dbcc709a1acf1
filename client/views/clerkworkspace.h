#pragma once
// The district-office clerk's workspace: the readings queue of the district (filters by state,
// consumer and period; pages of 100 with "Load more"), accepting or rejecting the selected
// readings with a reason (overriding the range check when needed), and replacing a meter.
// Every request runs in the background: the busy bar shows it, the table stays usable, and a
// failure shows in the workspace in the user's language with Retry, the filters kept. A decision
// carries its own Idempotency-Key, and a Retry of the same decision sends the same key, so a
// decision whose answer was lost is never applied twice.

#include "api/jobs.h"
#include "core/error.h"
#include "core/period.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace oblik::client {

class ApiClient;
class BusyIndicator;
class ClerkQueueModel;
class RawJob;

class ClerkWorkspace : public QWidget
{
    Q_OBJECT
public:
    static constexpr int PageSize = 100;
    // How long the consumer filter waits after the last keystroke before it asks the server.
    static constexpr int DebounceMs = 400;

    explicit ClerkWorkspace(ApiClient *api, QWidget *parent = nullptr);
    ~ClerkWorkspace() override;

    // The periods the period filter offers: `current` and the 23 before it.
    void setCurrentPeriod(Period current);

    ClerkQueueModel *model() const { return m_model; }
    QTableView *tableView() const { return m_table; }
    QComboBox *stateFilter() const { return m_state; }
    QLineEdit *consumerFilter() const { return m_query; }
    QComboBox *periodFilter() const { return m_period; }
    QPushButton *acceptButton() const { return m_accept; }
    QPushButton *rejectButton() const { return m_reject; }
    QPushButton *replaceButton() const { return m_replace; }
    QPushButton *loadMoreButton() const { return m_loadMore; }
    QPushButton *retryButton() const { return m_retry; }
    QFrame *errorFrame() const { return m_errorFrame; }
    QLabel *errorLabel() const { return m_errorText; }
    QLabel *countLabel() const { return m_count; }
    QLabel *statusLabel() const { return m_status; }
    BusyIndicator *busyIndicator() const { return m_busy; }
    bool isLoading() const { return m_loadJob != nullptr; }
    bool isDeciding() const { return m_decideJob != nullptr; }
    Error lastError() const { return m_lastError; }
    // The Idempotency-Key of the decision in flight or failed (empty when none is pending).
    QString pendingDecisionKey() const { return m_decisionKey; }

    // Sends a decision on the selected rows without asking (the dialog's answer, given): used by
    // acceptSelected()/rejectSelected() after their dialog and by tests.
    void decide(bool accept, const QString &reason, bool overrideRange);

public Q_SLOTS:
    // Reloads the first page with the current filters.
    void reload();
    void loadMore();
    // Ask for a reason (and the override when needed), then decide.
    void acceptSelected();
    void rejectSelected();
    // Opens the meter replacement for the meter of the current row.
    void replaceMeter();
    // Repeats what failed: the load (same filters) or the decision (same Idempotency-Key).
    void retry();

Q_SIGNALS:
    // A page arrived (or a load failed): for tests and the status bar.
    void loaded();
    void loadFailed(const oblik::Error &error);
    // A decision's answer was applied to the rows (saved = how many changed state).
    void decided(int saved, int refused);
    void meterReplaced();

protected:
    void changeEvent(QEvent *event) override;

private:
    enum class Failed { Nothing, Load, Decide, Refused };
    void retranslate();
    void fillStateFilter();
    void fillPeriodFilter();
    void startLoad(int offset);
    void sendDecision();
    void showError(Failed what, const Error &error);
    void hideError();
    void updateButtons();
    void updateCount();
    void loadPrevious();
    QList<int> selectedRows() const;

    ApiClient *m_api;
    ClerkQueueModel *m_model;
    QComboBox *m_state;
    QLineEdit *m_query;
    QComboBox *m_period;
    QPushButton *m_refresh;
    QTimer *m_debounce;
    BusyIndicator *m_busy;
    QLabel *m_count;
    QLabel *m_status;
    QTableView *m_table;
    QFrame *m_errorFrame;
    QLabel *m_errorText;
    QPushButton *m_retry;
    QPushButton *m_accept;
    QPushButton *m_reject;
    QPushButton *m_replace;
    QPushButton *m_loadMore;
    QLabel *m_stateLabel, *m_queryLabel, *m_periodLabel;

    Period m_currentPeriod;
    QPointer<RawJob> m_loadJob;
    QPointer<RawJob> m_decideJob;
    int m_loadOffset = 0;
    Failed m_failed = Failed::Nothing;
    Error m_lastError;
    // The decision in flight or failed: sent again as is (same key, same body) by Retry.
    QString m_decisionKey;
    QByteArray m_decisionBody;
    QList<QPointer<RawJob>> m_previousJobs;
};

} // namespace oblik::client
