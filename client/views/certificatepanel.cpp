#include "views/certificatepanel.h"

#include "models/displayformat.h"

#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace oblik::client {

CertificatePanel::CertificatePanel(QWidget *parent)
    : QGroupBox(parent), m_explain(new QLabel), m_fingerprintCaption(new QLabel),
      m_subjectCaption(new QLabel), m_issuerCaption(new QLabel), m_validityCaption(new QLabel),
      m_fingerprint(new QLabel), m_subject(new QLabel), m_issuer(new QLabel), m_validity(new QLabel),
      m_trust(new QPushButton)
{
    auto *grid = new QGridLayout(this);
    m_explain->setWordWrap(true);
    grid->addWidget(m_explain, 0, 0, 1, 2);
    int row = 1;
    for (auto [caption, value] :
         {std::pair{m_fingerprintCaption, m_fingerprint}, std::pair{m_subjectCaption, m_subject},
          std::pair{m_issuerCaption, m_issuer}, std::pair{m_validityCaption, m_validity}}) {
        caption->setAlignment(Qt::AlignRight | Qt::AlignTop);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        grid->addWidget(caption, row, 0);
        grid->addWidget(value, row, 1);
        ++row;
    }
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_fingerprint->setFont(mono);
    grid->addWidget(m_trust, row, 1, Qt::AlignLeft);
    grid->setColumnStretch(1, 1);
    connect(m_trust, &QPushButton::clicked, this, [this] { Q_EMIT trustRequested(m_info); });
    retranslate();
}

void CertificatePanel::setCertificate(const CertificateInfo &info)
{
    m_info = info;
    fill();
}

void CertificatePanel::fill()
{
    // Two lines of 16 pairs: easier to compare with what the server's administrator reads out.
    QString fp = m_info.fingerprint;
    if (fp.size() > 48)
        fp.insert(48, u'\n');
    m_fingerprint->setText(fp);
    m_subject->setText(m_info.subject);
    m_issuer->setText(m_info.issuer);
    const QLocale locale;
    const auto when = [&](const QDateTime &t) {
        return t.isValid() ? format::date(t.toLocalTime().date(), locale) : tr("unknown");
    };
    m_validity->setText(tr("from %1 to %2").arg(when(m_info.validFrom), when(m_info.validUntil)));
}

void CertificatePanel::retranslate()
{
    setTitle(tr("Certificate not trusted"));
    m_explain->setText(tr("The server presented a certificate that this computer does not trust. If it "
                          "is a self-signed certificate of your organisation's server, compare the "
                          "fingerprint with the one your administrator gives you, and trust it only if "
                          "they are the same."));
    m_fingerprintCaption->setText(tr("SHA-256 fingerprint:"));
    m_subjectCaption->setText(tr("Issued to:"));
    m_issuerCaption->setText(tr("Issued by:"));
    m_validityCaption->setText(tr("Valid:"));
    m_trust->setText(tr("&Trust this certificate"));
    fill();
}

void CertificatePanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QGroupBox::changeEvent(event);
}

} // namespace oblik::client
