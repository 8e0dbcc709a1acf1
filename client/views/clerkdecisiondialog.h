#pragma once
// Accept or reject the selected readings with a reason. Rejecting needs a reason (the consumer
// reads it); accepting readings whose consumption is outside the usual range needs "override the
// range check" ticked and a reason, which the server records as the reading's override_reason.
// A missing piece keeps the dialog open and names the field.

#include <QDialog>
#include <QString>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace oblik::client {

class ClerkDecisionDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Action { Accept, Reject };

    // What is missing: the field to fix ("reason", "override_range") and the text that says so.
    struct Check
    {
        QString field;
        QString text;
        bool ok() const { return field.isEmpty(); }
    };
    static Check check(Action action, int rangeWarnings, bool overrideRange, const QString &reason);

    ClerkDecisionDialog(Action action, int count, int rangeWarnings, QWidget *parent = nullptr);

    Action action() const { return m_action; }
    QString reason() const;
    bool overrideRange() const;

    QPlainTextEdit *reasonEdit() const { return m_reason; }
    QCheckBox *overrideBox() const { return m_override; }
    QLabel *errorLabel() const { return m_error; }
    QDialogButtonBox *buttons() const { return m_buttons; }

public Q_SLOTS:
    void accept() override;

private:
    Action m_action;
    int m_rangeWarnings;
    QPlainTextEdit *m_reason;
    QCheckBox *m_override;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace oblik::client
