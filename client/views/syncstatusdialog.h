#pragma once
// "Sync status": what waits in the outbox and what the server said. One line per outbox command
// with its state as the user knows it (saved locally, sent, accepted, rejected), attempts and the
// last failure; below, every rejection and conflict with the server's code and text. It reads the
// local store only, so it opens offline; refresh() re-reads it after every sync.

#include <QDialog>

class QLabel;
class QPushButton;
class QTableWidget;

namespace oblik::client {

class LocalStore;
class SyncEngine;

class SyncStatusDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SyncStatusDialog(QWidget *parent = nullptr);

    // Not owned; null clears the lists.
    void setSources(LocalStore *store, SyncEngine *engine);
    void refresh();

    QTableWidget *commandTable() const { return m_commands; }
    QTableWidget *problemTable() const { return m_problems; }
    QPushButton *syncButton() const { return m_sync; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    LocalStore *m_store = nullptr;
    SyncEngine *m_engine = nullptr;
    QLabel *m_summary;
    QLabel *m_commandsTitle;
    QLabel *m_problemsTitle;
    QTableWidget *m_commands;
    QTableWidget *m_problems;
    QPushButton *m_sync;
    QPushButton *m_close;
};

// The outbox state's name as the user reads it ("Saved locally" for pending).
QString outboxStateText(int state);

} // namespace oblik::client
