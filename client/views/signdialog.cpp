#include "views/signdialog.h"

#include "sign/signingcontroller.h"
#include "sign/signsettings.h"
#include "views/pindialog.h"
#include "views/signsettingsdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {
enum Column { TokenColumn, NameColumn, ValidColumn, KeyColumn, NoteColumn, ColumnCount };
}

SignDialog::SignDialog(sign::SigningController *controller, const QString &documentsText, QWidget *parent)
    : QDialog(parent), m_controller(controller), m_intro(new QLabel), m_status(new QLabel),
      m_list(new QTreeWidget), m_keyFile(new QPushButton), m_recent(new QComboBox),
      m_settings(new QPushButton),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setObjectName(u"signDialog"_s);
    setWindowTitle(tr("Sign"));
    m_intro->setText(tr("Sign: %1").arg(documentsText));
    m_intro->setWordWrap(true);
    m_status->setObjectName(u"signStatus"_s);
    m_status->setWordWrap(true);

    m_list->setObjectName(u"certificateList"_s);
    m_list->setRootIsDecorated(false);
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("Token"), tr("Certificate"), tr("Valid until"), tr("Key"), tr("Note")});
    m_list->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(false);
    m_list->setMinimumSize(720, 180);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &SignDialog::updateButtons);
    connect(m_list, &QTreeWidget::itemActivated, this, [this] { signWithSelected(); });

    m_keyFile->setObjectName(u"keyFileButton"_s);
    m_keyFile->setText(tr("Use a key file (.p12, .pfx)…"));
    connect(m_keyFile, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Key file"), {},
                                                          tr("Key files (*.p12 *.pfx);;All files (*)"));
        if (!path.isEmpty())
            useKeyFile(path);
    });
    m_recent->setObjectName(u"recentKeyFiles"_s);
    m_recent->addItem(tr("Recent key files…"));
    for (const QString &f : sign::recentKeyFiles())
        m_recent->addItem(QFileInfo(f).fileName(), f);
    m_recent->setVisible(m_recent->count() > 1);
    connect(m_recent, &QComboBox::activated, this, [this](int i) {
        if (i > 0)
            useKeyFile(m_recent->itemData(i).toString());
        m_recent->setCurrentIndex(0);
    });
    m_settings->setObjectName(u"tokenSettings"_s);
    m_settings->setText(tr("Token settings…"));
    connect(m_settings, &QPushButton::clicked, this, &SignDialog::showSettings);

    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Sign with this certificate…"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(u"signWithCertificate"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SignDialog::signWithSelected);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyFile);
    keyRow->addWidget(m_recent);
    keyRow->addStretch(1);
    keyRow->addWidget(m_settings);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(new QLabel(tr("Certificates on your tokens and smart cards:")));
    layout->addWidget(m_list, 1);
    layout->addLayout(keyRow);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    connect(m_controller, &sign::SigningController::certificatesChanged, this, &SignDialog::fillCertificates);
    connect(m_controller, &sign::SigningController::loginFinished, this, &SignDialog::onLoginFinished);
    connect(m_controller, &sign::SigningController::moduleFailed, this,
            [this] { fillCertificates(m_controller->certificates()); });
    fillCertificates(m_controller->certificates());
    if (!m_controller->hasPolled())
        m_status->setText(tr("Looking for tokens…"));
    m_controller->refresh();
    resize(820, 380);
}

void SignDialog::fillCertificates(const QList<sign::CertificateEntry> &certificates)
{
    // Keep the selection across a refresh (the same certificate on the same token).
    QString selected;
    if (auto *cur = m_list->currentItem(); cur && cur->isSelected())
        selected = cur->data(0, Qt::UserRole).toString();
    m_entries = certificates;
    m_list->clear();
    const QLocale locale;
    for (qsizetype i = 0; i < certificates.size(); ++i) {
        const sign::CertificateEntry &c = certificates[i];
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(TokenColumn, c.tokenLabel);
        item->setText(NameColumn, c.certificate.displayName());
        item->setText(ValidColumn,
                      locale.toString(c.certificate.notAfter.toLocalTime().date(), QLocale::ShortFormat));
        item->setText(KeyColumn, c.certificate.keyAlgorithm);
        item->setText(NoteColumn, c.unusableReason);
        item->setData(0, Qt::UserRole, c.keyRef());
        item->setData(0, Qt::UserRole + 1, int(i));
        item->setToolTip(NameColumn,
                         c.certificate.subject + u"\n"_s + tr("Issued by %1").arg(c.certificate.issuer));
        if (!c.usable()) {
            item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
            for (int col = 0; col < ColumnCount; ++col)
                item->setToolTip(col, c.unusableReason);
        }
        if (c.keyRef() == selected && c.usable())
            item->setSelected(true);
    }
    for (int col = 0; col < ColumnCount; ++col)
        if (col != NameColumn)
            m_list->resizeColumnToContents(col);
    // Libraries that could not be loaded are named only while nothing is found: an installed but
    // unused vendor library (OpenSC without its reader service) must not clutter a working list.
    QStringList failed;
    for (auto it = m_controller->moduleErrors().cbegin(); it != m_controller->moduleErrors().cend(); ++it)
        failed.append(tr("The token library %1 cannot be used: %2").arg(it.key(), it.value().message()));
    if (m_pendingRef.isEmpty()) {
        if (certificates.isEmpty() && !failed.isEmpty())
            m_status->setText(tr("No certificates found.") + u"\n"_s + failed.join(u'\n'));
        else if (certificates.isEmpty())
            m_status->setText(
                m_controller->modulePathsInUse().isEmpty()
                    ? tr("No token library is set up: add your token's PKCS#11 library in Token "
                         "settings, or use a key file.")
                    : tr("No certificates found: insert your token or smart card, or use a key "
                         "file."));
        else
            m_status->clear();
    }
    updateButtons();
}

void SignDialog::updateButtons()
{
    auto *cur = m_list->currentItem();
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(m_pendingRef.isEmpty() && cur && cur->isSelected() &&
                     (cur->flags() & Qt::ItemIsEnabled));
}

void SignDialog::signWithSelected()
{
    auto *cur = m_list->currentItem();
    if (!cur || !(cur->flags() & Qt::ItemIsEnabled) || !m_pendingRef.isEmpty())
        return;
    const int i = cur->data(0, Qt::UserRole + 1).toInt();
    if (i < 0 || i >= m_entries.size())
        return;
    const sign::CertificateEntry entry = m_entries[i];
    crypto::TokenInfo state;
    for (const sign::TokenEntry &t : m_controller->tokens())
        if (t.modulePath == entry.modulePath && t.info.serial == entry.tokenSerial)
            state = t.info;
    askPin(entry, state, {});
}

void SignDialog::askPin(const sign::CertificateEntry &entry, const crypto::TokenInfo &state,
                        const QString &error)
{
    auto *dlg = new PinDialog(PinDialog::Kind::TokenPin,
                              tr("%1 on %2").arg(entry.certificate.displayName(), entry.tokenLabel), this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setTokenState(state);
    if (!error.isEmpty())
        dlg->setError(error);
    m_pinDialog = dlg;
    connect(dlg, &QDialog::accepted, this, [this, dlg, entry] {
        m_pendingEntry = entry;
        m_pendingFile.clear();
        m_pendingRef = entry.keyRef();
        setWaiting(entry.protectedAuthPath ? tr("Enter the PIN on the reader…") : tr("Checking the PIN…"));
        m_controller->login(entry, dlg->pin());
    });
    dlg->open();
}

void SignDialog::useKeyFile(const QString &path)
{
    askPassword(path, {});
}

void SignDialog::askPassword(const QString &path, const QString &error)
{
    auto *dlg = new PinDialog(PinDialog::Kind::KeyFilePassword, QFileInfo(path).fileName(), this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    if (!error.isEmpty())
        dlg->setError(error);
    m_pinDialog = dlg;
    connect(dlg, &QDialog::accepted, this, [this, dlg, path] {
        m_pendingFile = path;
        m_pendingRef = u"file:"_s + path;
        setWaiting(tr("Opening the key file…"));
        m_controller->openKeyFile(path, dlg->pin());
    });
    dlg->open();
}

void SignDialog::setWaiting(const QString &text)
{
    m_status->setText(text);
    m_list->setEnabled(text.isEmpty());
    m_keyFile->setEnabled(text.isEmpty());
    m_recent->setEnabled(text.isEmpty());
    updateButtons();
}

void SignDialog::onLoginFinished(const QString &keyRef, const Error &error, const sign::TokenEntry &after)
{
    if (keyRef != m_pendingRef)
        return;
    m_pendingRef.clear();
    setWaiting({});
    if (error.isNull()) {
        m_keyRef = keyRef;
        if (!m_pendingFile.isEmpty()) {
            sign::addRecentKeyFile(m_pendingFile);
            m_signerText = QFileInfo(m_pendingFile).fileName();
        } else {
            m_signerText = m_pendingEntry.certificate.displayName();
        }
        accept();
        return;
    }
    const QString text = sign::loginErrorText(error);
    const bool retry = error.code() == u"crypto.pin_incorrect"_s || error.code() == u"crypto.pin_invalid"_s ||
                       error.code() == u"crypto.p12_password"_s;
    if (!m_pendingFile.isEmpty()) {
        if (retry)
            askPassword(m_pendingFile, text);
        else
            m_status->setText(text);
        return;
    }
    if (retry)
        askPin(m_pendingEntry, after.info, text);
    else
        m_status->setText(text);
}

void SignDialog::showSettings()
{
    SignSettingsDialog dlg(this);
    if (dlg.exec() == QDialog::Accepted)
        m_controller->setModulePaths(sign::modulePaths());
}

} // namespace oblik::client
