#include "views/signsettingsdialog.h"

#include "crypto/verification.h"
#include "sign/signsettings.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {

QStringList itemsOf(const QListWidget *list)
{
    QStringList out;
    for (int i = 0; i < list->count(); ++i)
        out.append(list->item(i)->text());
    return out;
}

// A list with Add… and Remove beside it.
QGroupBox *listBox(const QString &title, QListWidget *list, QPushButton *add, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    auto *remove = new QPushButton(SignSettingsDialog::tr("Remove"), box);
    remove->setObjectName(list->objectName() + u"Remove"_s);
    QObject::connect(remove, &QPushButton::clicked, list, [list] { delete list->currentItem(); });
    auto *buttons = new QVBoxLayout;
    if (add)
        buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    auto *row = new QHBoxLayout(box);
    row->addWidget(list, 1);
    row->addLayout(buttons);
    return box;
}

} // namespace

SignSettingsDialog::SignSettingsDialog(QWidget *parent)
    : QDialog(parent), m_modules(new QListWidget), m_anchors(new QListWidget), m_recent(new QListWidget)
{
    setObjectName(u"signSettingsDialog"_s);
    setWindowTitle(tr("Signing settings"));
    m_modules->setObjectName(u"moduleList"_s);
    m_anchors->setObjectName(u"anchorList"_s);
    m_recent->setObjectName(u"recentList"_s);
    m_modules->addItems(sign::modulePaths());
    m_anchors->addItems(sign::trustAnchorFiles());
    m_recent->addItems(sign::recentKeyFiles());

    auto *addModule = new QPushButton(tr("Add…"));
    connect(addModule, &QPushButton::clicked, this, [this] {
#ifdef Q_OS_WIN
        const QString filter = tr("PKCS#11 libraries (*.dll)");
#else
        const QString filter = tr("PKCS#11 libraries (*.so *.so.* *.dylib)");
#endif
        const QString path = QFileDialog::getOpenFileName(this, tr("Token library (PKCS#11)"), {}, filter);
        if (!path.isEmpty() && itemsOf(m_modules).indexOf(path) < 0)
            m_modules->addItem(path);
    });
    auto *addAnchor = new QPushButton(tr("Add…"));
    connect(addAnchor, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Trusted root certificate"), {},
                                         tr("Certificates (*.pem *.crt *.cer *.der);;All files (*)"));
        if (path.isEmpty())
            return;
        auto check = crypto::TrustSettings::fromFiles({path});
        if (!check) {
            QMessageBox::warning(this, tr("Trusted root certificate"), check.error().message());
            return;
        }
        if (itemsOf(m_anchors).indexOf(path) < 0)
            m_anchors->addItem(path);
    });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(listBox(tr("Token libraries (PKCS#11): your token's or card reader's vendor library"),
                              m_modules, addModule, this));
    layout->addWidget(listBox(tr("Trusted roots for checking signatures on this computer (PEM files)"),
                              m_anchors, addAnchor, this));
    layout->addWidget(listBox(tr("Recent key files"), m_recent, nullptr, this));
    layout->addWidget(buttons);
    resize(640, 480);
}

void SignSettingsDialog::save()
{
    sign::setModulePaths(itemsOf(m_modules));
    sign::setTrustAnchorFiles(itemsOf(m_anchors));
    sign::setRecentKeyFiles(itemsOf(m_recent));
}

} // namespace oblik::client
