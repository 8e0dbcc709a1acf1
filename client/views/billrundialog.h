#pragma once
// The clerk's bill run: one period of the clerk's district (an administrator: the whole supplier)
// calculated account by account on the server, or (kind "advance") a planned advance issued to
// every account that has none for the period yet. The dialog starts it, polls its state, shows a
// progress bar with the accounts done, total and failed, can cancel and resume it, and lists every
// account that failed with the reason in words. Closing the dialog does not stop the run.

#include "api/billingjobs.h"
#include "core/error.h"
#include "core/period.h"
#include "domain/entities.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;

namespace oblik::client {

class ApiClient;
class BillRunFailureModel;
class BillRunJob;
class BusyIndicator;

class BillRunDialog : public QDialog
{
    Q_OBJECT
public:
    static constexpr int PollMs = 1000;

    BillRunDialog(ApiClient *api, const domain::User &user, Period latest, QWidget *parent = nullptr);
    ~BillRunDialog() override;

    // Shows a run already started (its id), polling it.
    void follow(qint64 runId);
    // Shows a state of the run as the server reported it (and polls on while it runs).
    void showRun(const billing::BillRun &run);
    const billing::BillRun &run() const { return m_run; }
    Error lastError() const { return m_error; }

    QComboBox *kindBox() const { return m_kind; }
    // "calculation" or "advance".
    QString kind() const;
    void setKind(const QString &kind);
    QComboBox *periodBox() const { return m_period; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *resumeButton() const { return m_resume; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *progressLabel() const { return m_progressText; }
    QLabel *errorLabel() const { return m_errorText; }
    BillRunFailureModel *failureModel() const { return m_failures; }

public Q_SLOTS:
    void start();
    void cancelRun();
    void resumeRun();

Q_SIGNALS:
    // Every state the server reported (started, polled, cancelled, resumed).
    void runUpdated(const oblik::client::billing::BillRun &run);
    void runFinished(const oblik::client::billing::BillRun &run);

private:
    void track(BillRunJob *job);
    void poll();
    void updateButtons();
    void fillPeriods();

    ApiClient *m_api;
    domain::User m_user;
    Period m_latest;
    QComboBox *m_kind;
    QComboBox *m_period;
    QLabel *m_scope;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QPushButton *m_resume;
    QProgressBar *m_progress;
    QLabel *m_progressText;
    QLabel *m_errorText;
    QTableView *m_failureView;
    BillRunFailureModel *m_failures;
    BusyIndicator *m_busy;
    QTimer *m_timer;
    QPointer<BillRunJob> m_job;
    billing::BillRun m_run;
    QString m_startKey;
    QString m_startKeyFor; // the kind and period the key was made for: another choice, another key
    Error m_error;
};

} // namespace oblik::client
