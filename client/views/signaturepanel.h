#pragma once
// Every signature of a document (docs/signatures.md, "Client"), verified on this computer with the
// crypto library against the trust anchors the user added (sign::trustSettings()): per signature
// its status (icon and words), signer, organization, tax id, the certificate's serial, issuer and
// validity, the chain as an indented tree, the signing time, and for each problem what is wrong
// and what to do. Without any trust anchor it says so and shows the server's verdict (GET
// .../signatures) beside the local one. Also checks a .p7s with its file (CAdES) from disk.
// The verification runs off the UI thread (QtConcurrent): a large PDF does not freeze the window.

#include "api/signaturejobs.h"
#include "crypto/verification.h"

#include <QFutureWatcher>
#include <QIcon>
#include <QWidget>
#include <functional>
#include <optional>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace oblik::client {

class SignaturePanel : public QWidget
{
    Q_OBJECT
public:
    explicit SignaturePanel(QWidget *parent = nullptr);

    // Verifies the PDF's signatures (again: a call replaces what is shown). trust: null uses the
    // settings' anchors.
    void setPdf(const QByteArray &pdf, std::optional<crypto::TrustSettings> trust = std::nullopt);
    // A detached CMS over data (a .p7s and its file).
    void setCades(const QByteArray &cms, const QByteArray &data, const QString &fileName,
                  std::optional<crypto::TrustSettings> trust = std::nullopt);
    // The server's verdict, shown beside the local one (always listed when there are no local anchors).
    void setServerSignatures(const ServerSignatures &server);
    void clear();

    bool isVerifying() const { return m_watcher.isRunning(); }
    const crypto::VerificationReport &report() const { return m_report; }

    QTreeWidget *tree() const { return m_tree; }
    QLabel *summary() const { return m_summary; }
    QLabel *trustNote() const { return m_trustNote; }
    QTreeWidget *serverTree() const { return m_serverTree; }
    // Every text in the tree, depth first (tests look for the explanations).
    QStringList allTexts() const;

Q_SIGNALS:
    void verified();

private:
    void start(std::function<Result<crypto::VerificationReport>()> work, bool noAnchors);
    void showResult(const Result<crypto::VerificationReport> &result);
    QTreeWidgetItem *addSignature(const crypto::SignatureReport &s, int index);

    QLabel *m_summary;
    QLabel *m_trustNote;
    QTreeWidget *m_tree;
    QLabel *m_serverTitle;
    QTreeWidget *m_serverTree;
    QFutureWatcher<Result<crypto::VerificationReport>> m_watcher;
    crypto::VerificationReport m_report;
    int m_generation = 0;
};

// The status in words with its icon ("Valid", "Invalid", "Not verified").
QIcon signatureStatusIcon(crypto::SignatureStatus status);

} // namespace oblik::client
