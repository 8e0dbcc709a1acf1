#pragma once
// "Signatures…" of the documents list (docs/signatures.md, "Client"): the signature panel of one
// document in a dialog, and "Check a .p7s file…" for a detached CAdES signature with its file.

#include <QDialog>

class QPushButton;

namespace oblik::client {

class SignaturePanel;

class SignaturesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SignaturesDialog(const QString &title, QWidget *parent = nullptr);

    SignaturePanel *panel() const { return m_panel; }
    // Asks for a .p7s and the file it signs, and shows its signatures.
    void checkCadesFiles();
    // The same without asking (tests, command line).
    bool checkCades(const QString &p7sPath, const QString &dataPath, QString *error = nullptr);

private:
    SignaturePanel *m_panel;
    QPushButton *m_openP7s;
};

} // namespace oblik::client
