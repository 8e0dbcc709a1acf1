#include "views/signaturesdialog.h"

#include "views/signaturepanel.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

SignaturesDialog::SignaturesDialog(const QString &title, QWidget *parent)
    : QDialog(parent), m_panel(new SignaturePanel), m_openP7s(new QPushButton)
{
    setObjectName(u"signaturesDialog"_s);
    setWindowTitle(title.isEmpty() ? tr("Signatures") : tr("Signatures: %1").arg(title));
    m_openP7s->setObjectName(u"checkP7s"_s);
    m_openP7s->setText(tr("Check a .p7s file…"));
    connect(m_openP7s, &QPushButton::clicked, this, &SignaturesDialog::checkCadesFiles);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_openP7s, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_panel, 1);
    layout->addWidget(buttons);
    resize(760, 560);
}

void SignaturesDialog::checkCadesFiles()
{
    const QString p7s = QFileDialog::getOpenFileName(
        this, tr("Signature file"), {}, tr("Detached signatures (*.p7s *.p7m *.sig);;All files (*)"));
    if (p7s.isEmpty())
        return;
    // The signed file is usually beside it under the same name without .p7s.
    QString guess = p7s;
    if (guess.endsWith(u".p7s"_s, Qt::CaseInsensitive))
        guess.chop(4);
    const QString data = QFileDialog::getOpenFileName(this, tr("The file it signs"), guess);
    if (data.isEmpty())
        return;
    QString error;
    if (!checkCades(p7s, data, &error))
        QMessageBox::warning(this, windowTitle(), error);
}

bool SignaturesDialog::checkCades(const QString &p7sPath, const QString &dataPath, QString *error)
{
    QFile p7s(p7sPath), data(dataPath);
    if (!p7s.open(QIODevice::ReadOnly) || !data.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("Cannot read %1.").arg(p7s.isOpen() ? dataPath : p7sPath);
        return false;
    }
    setWindowTitle(tr("Signatures: %1").arg(QFileInfo(dataPath).fileName()));
    m_panel->setCades(p7s.readAll(), data.readAll(), QFileInfo(dataPath).fileName());
    return true;
}

} // namespace oblik::client
