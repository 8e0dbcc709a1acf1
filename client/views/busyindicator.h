#pragma once
// "Working on it": an animated bar with a line of text, shown while a request runs.

#include <QWidget>

class QLabel;
class QProgressBar;

namespace oblik::client {

class BusyIndicator : public QWidget
{
    Q_OBJECT
public:
    explicit BusyIndicator(QWidget *parent = nullptr);

    void start(const QString &text);
    void stop();
    bool isBusy() const { return m_busy; }
    QString text() const;

private:
    QLabel *m_label;
    QProgressBar *m_bar;
    bool m_busy = false;
};

} // namespace oblik::client
