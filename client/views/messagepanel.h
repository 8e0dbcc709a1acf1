#pragma once
// A message in place of content: what happened, in the user's words, and what can be done about it
// (Retry). Used for "the server cannot be reached", "no accounts", and while loading.

#include <QFrame>

class QLabel;
class QPushButton;
class QProgressBar;

namespace oblik::client {

class MessagePanel : public QFrame
{
    Q_OBJECT
public:
    enum class Kind { Info, Busy, Error };

    explicit MessagePanel(QWidget *parent = nullptr);

    // actionText empty: no button.
    void showMessage(Kind kind, const QString &title, const QString &text, const QString &actionText = {});
    Kind kind() const { return m_kind; }
    QString title() const;
    QString text() const;
    QPushButton *actionButton() const { return m_action; }

Q_SIGNALS:
    void actionTriggered();

private:
    Kind m_kind = Kind::Info;
    QLabel *m_icon;
    QLabel *m_title;
    QLabel *m_text;
    QProgressBar *m_bar;
    QPushButton *m_action;
};

} // namespace oblik::client
