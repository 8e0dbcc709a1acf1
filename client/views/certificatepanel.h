#pragma once
// Shows a server certificate that is not trusted, with what a person can check (fingerprint,
// subject, issuer, validity), and offers to trust exactly that certificate for that server.

#include "api/certificateinfo.h"

#include <QGroupBox>

class QLabel;
class QPushButton;

namespace oblik::client {

class CertificatePanel : public QGroupBox
{
    Q_OBJECT
public:
    explicit CertificatePanel(QWidget *parent = nullptr);

    void setCertificate(const CertificateInfo &info);
    const CertificateInfo &certificate() const { return m_info; }
    QPushButton *trustButton() const { return m_trust; }
    void retranslate();

Q_SIGNALS:
    void trustRequested(const oblik::client::CertificateInfo &info);

protected:
    void changeEvent(QEvent *event) override;

private:
    void fill();
    CertificateInfo m_info;
    QLabel *m_explain;
    QLabel *m_fingerprintCaption, *m_subjectCaption, *m_issuerCaption, *m_validityCaption;
    QLabel *m_fingerprint, *m_subject, *m_issuer, *m_validity;
    QPushButton *m_trust;
};

} // namespace oblik::client
