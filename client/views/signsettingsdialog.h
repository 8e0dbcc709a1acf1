#pragma once
// Signing settings (docs/signatures.md, "Client"): the PKCS#11 libraries of the user's tokens
// (defaults: the ones installed here), the recent key files, and the trust anchors (PEM files of the
// roots the user trusts) that signatures are verified against on this computer.

#include <QDialog>

class QListWidget;

namespace oblik::client {

class SignSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SignSettingsDialog(QWidget *parent = nullptr);

    QListWidget *moduleList() const { return m_modules; }
    QListWidget *anchorList() const { return m_anchors; }
    QListWidget *recentList() const { return m_recent; }

    // Writes the lists to the settings (on OK).
    void save();

private:
    QListWidget *m_modules;
    QListWidget *m_anchors;
    QListWidget *m_recent;
};

} // namespace oblik::client
