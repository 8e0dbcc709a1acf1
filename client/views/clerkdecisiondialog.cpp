#include "views/clerkdecisiondialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

ClerkDecisionDialog::Check ClerkDecisionDialog::check(Action action, int rangeWarnings, bool overrideRange,
                                                      const QString &reason)
{
    const bool noReason = reason.trimmed().isEmpty();
    if (action == Action::Reject) {
        if (noReason)
            return {u"reason"_s, tr("Reason: give the reason for the rejection; the consumer will read it.")};
        return {};
    }
    if (rangeWarnings > 0 && !overrideRange)
        return {u"override_range"_s,
                tr("Override the range check: %n of the selected readings are outside the usual range. Tick "
                   "“Override the range check” and give a reason, or leave them out of the selection.",
                   nullptr, rangeWarnings)};
    if (overrideRange && noReason)
        return {u"reason"_s, tr("Reason: give the reason for overriding the range check; it is recorded "
                                "with the reading.")};
    return {};
}

ClerkDecisionDialog::ClerkDecisionDialog(Action action, int count, int rangeWarnings, QWidget *parent)
    : QDialog(parent), m_action(action), m_rangeWarnings(rangeWarnings), m_reason(new QPlainTextEdit),
      m_override(new QCheckBox), m_error(new QLabel),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setObjectName(u"ClerkDecisionDialog"_s);
    const bool accepting = action == Action::Accept;
    setWindowTitle(accepting ? tr("Accept readings") : tr("Reject readings"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(accepting ? tr("Accept %n selected reading(s) for calculation.", nullptr, count)
                                       : tr("Reject %n selected reading(s). The consumer sees the reason at "
                                            "the next synchronization.",
                                            nullptr, count));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    if (accepting && rangeWarnings > 0) {
        auto *warning =
            new QLabel(tr("%n of them are outside the usual range (below half or above four times "
                          "the average of the last 12 closed periods).",
                          nullptr, rangeWarnings));
        warning->setWordWrap(true);
        warning->setStyleSheet(u"color: #b26a00;"_s);
        layout->addWidget(warning);
    }
    m_override->setObjectName(u"override_range"_s);
    m_override->setText(tr("&Override the range check"));
    m_override->setVisible(accepting && rangeWarnings > 0);
    layout->addWidget(m_override);
    auto *reasonLabel = new QLabel(accepting ? tr("&Reason (required when overriding):") : tr("&Reason:"));
    reasonLabel->setBuddy(m_reason);
    layout->addWidget(reasonLabel);
    m_reason->setObjectName(u"reason"_s);
    m_reason->setTabChangesFocus(true);
    m_reason->setMinimumHeight(70);
    layout->addWidget(m_reason);
    m_error->setObjectName(u"error"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #c62828;"_s);
    m_error->setVisible(false);
    layout->addWidget(m_error);
    m_buttons->button(QDialogButtonBox::Ok)->setText(accepting ? tr("&Accept") : tr("Re&ject"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ClerkDecisionDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(460, sizeHint().height());
}

QString ClerkDecisionDialog::reason() const
{
    return m_reason->toPlainText().trimmed();
}

bool ClerkDecisionDialog::overrideRange() const
{
    return m_action == Action::Accept && m_rangeWarnings > 0 && m_override->isChecked();
}

void ClerkDecisionDialog::accept()
{
    const Check c = check(m_action, m_rangeWarnings, overrideRange(), reason());
    const QString bad = u"border: 1px solid #c62828;"_s;
    m_reason->setStyleSheet(c.field == u"reason"_s ? bad : QString());
    m_override->setStyleSheet(c.field == u"override_range"_s ? u"color: #c62828;"_s : QString());
    if (!c.ok()) {
        m_error->setText(c.text);
        m_error->setVisible(true);
        if (c.field == u"reason"_s)
            m_reason->setFocus();
        else
            m_override->setFocus();
        return;
    }
    QDialog::accept();
}

} // namespace oblik::client
