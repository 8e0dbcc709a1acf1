#pragma once
// Replacing a meter (POST /api/v1/clerk/meters/{id}/replace): the closing reading of each register
// of the old meter, the date, the new meter's number, model, digits, decimals, ratio, verification
// date and zones, and the opening reading of each zone, in one period. The values are checked
// with the same rules as the server's (shared/domain) before anything is sent; a broken rule
// names its field, marks it, and keeps every value as typed. The request carries an
// Idempotency-Key that stays the same while the values do, so sending again after a lost answer
// never replaces the meter twice.

#include "api/jobs.h"
#include "core/error.h"
#include "domain/entities.h"
#include "protocol/readings.h"

#include <QDialog>
#include <QHash>
#include <QPointer>

class QCheckBox;
class QDateEdit;
class QDialogButtonBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace oblik::client {

class AccountJob;
class ApiClient;
class RawJob;

class MeterReplaceDialog : public QDialog
{
    Q_OBJECT
public:
    // What the clerk typed, as the rules see it.
    struct Input
    {
        Period period;
        QDate takenOn;
        QList<QPair<domain::Register, QString>> closing; // the old meter's registers and their values
        domain::Meter newMeter;                          // number, model, digits, decimals, ratio, due
        QList<QPair<domain::Zone, QString>> opening;     // the new meter's zones and their values
    };
    struct FieldError
    {
        QString field; // as the server names it: "taken_on", "closing[0].value", "new_meter.number"...
        QString text;  // in the user's words
    };
    // Every rule the server applies that the client can know: a valid date in the period and not
    // in the future, a number, digits 1-12, decimals 0-3, ratio >= 1, a verification date not
    // before the replacement, at least one zone, values that parse on their meter, and closing
    // values not below the register's previous reading (roll-over as domain::consumption says).
    static QList<FieldError> validate(const Input &input, const domain::Meter &oldMeter, QDate today);
    static Result<protocol::ReplaceMeterRequest> request(const Input &input);

    // Loads the account to find the meter's registers, then shows the form.
    MeterReplaceDialog(ApiClient *api, AccountId account, MeterId meter, Period period, QDate takenOn,
                       QWidget *parent = nullptr);
    ~MeterReplaceDialog() override;

    // The old meter (after the account loaded, or directly in tests).
    void setOldMeter(const domain::Meter &meter);
    const domain::Meter &oldMeter() const { return m_old; }
    Input input() const;
    QList<FieldError> lastErrors() const { return m_errors; }
    QString idempotencyKey() const { return m_key; }
    bool isSending() const { return m_sendJob != nullptr; }

    QDateEdit *dateEdit() const { return m_date; }
    QLineEdit *closingEdit(int i) const { return m_closing.value(i); }
    QLineEdit *numberEdit() const { return m_number; }
    QLineEdit *modelEdit() const { return m_model; }
    QSpinBox *digitsBox() const { return m_digits; }
    QSpinBox *decimalsBox() const { return m_decimals; }
    QSpinBox *ratioBox() const { return m_ratio; }
    QDateEdit *verificationEdit() const { return m_due; }
    QCheckBox *zoneBox(domain::Zone z) const { return m_zoneBoxes.value(int(z)); }
    QLineEdit *openingEdit(domain::Zone z) const { return m_openingEdits.value(int(z)); }
    QLabel *errorLabel() const { return m_error; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    // The widget that holds a field ("new_meter.number" ...), or null.
    QWidget *widgetFor(const QString &field) const;

public Q_SLOTS:
    // Validates, then sends; stays open with the errors named when something is wrong.
    void accept() override;

Q_SIGNALS:
    void replaced(const oblik::protocol::ReplaceMeterResponse &response);

private:
    void showErrors(const QList<FieldError> &errors);
    void send(const protocol::ReplaceMeterRequest &request);

    ApiClient *m_api;
    AccountId m_account;
    MeterId m_meterId;
    Period m_period;
    domain::Meter m_old;
    QPointer<AccountJob> m_loadJob;
    QPointer<RawJob> m_periodJob; // the account's entry period, as the server sees it
    QPointer<RawJob> m_sendJob;
    QString m_key;
    QByteArray m_lastBody;
    QList<FieldError> m_errors;

    QLabel *m_intro;
    QLabel *m_periodLabel;
    QDateEdit *m_date;
    QGroupBox *m_closingGroup;
    QFormLayout *m_closingForm;
    QList<QLineEdit *> m_closing;
    QLineEdit *m_number;
    QLineEdit *m_model;
    QSpinBox *m_digits;
    QSpinBox *m_decimals;
    QSpinBox *m_ratio;
    QDateEdit *m_due;
    QHash<int, QCheckBox *> m_zoneBoxes;
    QHash<int, QLineEdit *> m_openingEdits;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace oblik::client
