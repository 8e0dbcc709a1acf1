#pragma once
// Turns SIGTERM and SIGINT into a Qt signal (through a socket pair, the only safe way out of a
// signal handler), so the server shuts down cleanly from the event loop.

#include <QObject>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace oblik::app {

class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signal);

private:
    void onActivated();
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace oblik::app
