#pragma once
// "Calculate": the consumer whose contract allows self-calculation, or a clerk, calculates one
// period of the account. The answer lists the invoices issued (or says nothing changed); a
// refusal is explained in words with its arguments (which parameter, which period). Retry sends the
// same Idempotency-Key, so a calculation whose answer was lost is never issued twice; a new click
// on Calculate is a new action with a new key.

#include "api/billingjobs.h"
#include "core/error.h"
#include "core/period.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;
class QPushButton;

namespace oblik::client {

class ApiClient;
class BusyIndicator;
class CalculateJob;

class CalculateDialog : public QDialog
{
    Q_OBJECT
public:
    // `latest` is the newest period offered (preselected); the 11 before it are offered too.
    CalculateDialog(ApiClient *api, AccountId account, const QString &accountNumber, Period latest,
                    QWidget *parent = nullptr);
    ~CalculateDialog() override;

    QComboBox *periodBox() const { return m_period; }
    QPushButton *calculateButton() const { return m_calculate; }
    QPushButton *retryButton() const { return m_retry; }
    QLabel *resultLabel() const { return m_result; }
    QString pendingKey() const { return m_key; }
    Error lastError() const { return m_error; }
    bool isRunning() const { return m_job != nullptr; }

    // The text of a result, for the label and tests.
    static QString describe(const billing::CalculationResult &result);

public Q_SLOTS:
    void calculate(); // a new action: a new key
    void retry();     // the same action again: the same key

Q_SIGNALS:
    void calculated(const oblik::client::billing::CalculationResult &result);
    void failedWith(const oblik::Error &error);

private:
    void send();

    ApiClient *m_api;
    AccountId m_account;
    QComboBox *m_period;
    QPushButton *m_calculate;
    QPushButton *m_retry;
    QLabel *m_result;
    BusyIndicator *m_busy;
    QPointer<CalculateJob> m_job;
    QString m_key;
    Period m_keyPeriod;
    Error m_error;
};

} // namespace oblik::client
