#pragma once
// The clerk's "Register payment": article, amount, date, bank, MFO and purpose of a payment the
// consumer made, checked here first (each problem names its field) and then sent with an
// Idempotency-Key. A Retry of the same payment (same values) repeats the key, so a payment whose
// answer was lost is never registered twice; changed values are a new payment with a new key.

#include "api/billingjobs.h"
#include "core/error.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;

namespace oblik::client {

class ApiClient;
class BusyIndicator;
class RegisterPaymentJob;

class PaymentDialog : public QDialog
{
    Q_OBJECT
public:
    PaymentDialog(ApiClient *api, AccountId account, const QString &accountNumber, QDate today,
                  QWidget *parent = nullptr);
    ~PaymentDialog() override;

    // The request from the fields, or the first problem with its field ("amount", "paid_on",
    // "mfo", "purpose") and a text that names it.
    Result<billing::PaymentRequest> request() const;

    QComboBox *articleBox() const { return m_article; }
    QLineEdit *amountEdit() const { return m_amount; }
    QDateEdit *dateEdit() const { return m_date; }
    QLineEdit *bankEdit() const { return m_bank; }
    QLineEdit *mfoEdit() const { return m_mfo; }
    QLineEdit *purposeEdit() const { return m_purpose; }
    QLabel *errorLabel() const { return m_error; }
    QPushButton *registerButton() const { return m_register; }
    QString pendingKey() const { return m_key; }
    bool isRunning() const { return m_job != nullptr; }

public Q_SLOTS:
    // Checks the fields and sends (same values as a failed attempt: the same key).
    void submit();

Q_SIGNALS:
    void registered(const oblik::client::billing::Payment &payment);

private:
    QString labelOf(const QString &field) const;
    void showProblem(const QString &field, const QString &text);

    ApiClient *m_api;
    AccountId m_account;
    QDate m_today;
    QComboBox *m_article;
    QLineEdit *m_amount;
    QDateEdit *m_date;
    QLineEdit *m_bank;
    QLineEdit *m_mfo;
    QLineEdit *m_purpose;
    QLabel *m_error;
    QPushButton *m_register;
    BusyIndicator *m_busy;
    QPointer<RegisterPaymentJob> m_job;
    QString m_key;
    QByteArray m_keyBody;
};

} // namespace oblik::client
