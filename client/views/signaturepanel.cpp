#include "views/signaturepanel.h"

#include "sign/signsettings.h"

#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {

QString dateTimeText(const QDateTime &t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : QString();
}

QString dateText(const QDateTime &t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime().date(), QLocale::ShortFormat) : QString();
}

QTreeWidgetItem *row(QTreeWidgetItem *parent, const QString &name, const QString &value)
{
    auto *item = new QTreeWidgetItem(parent, {name, value});
    item->setToolTip(1, value);
    return item;
}

} // namespace

QIcon signatureStatusIcon(crypto::SignatureStatus status)
{
    QStyle *style = QApplication::style();
    switch (status) {
    case crypto::SignatureStatus::Valid:
        return style->standardIcon(QStyle::SP_DialogApplyButton);
    case crypto::SignatureStatus::Invalid:
        return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case crypto::SignatureStatus::Indeterminate:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    }
    return {};
}

SignaturePanel::SignaturePanel(QWidget *parent)
    : QWidget(parent), m_summary(new QLabel), m_trustNote(new QLabel), m_tree(new QTreeWidget),
      m_serverTitle(new QLabel), m_serverTree(new QTreeWidget)
{
    setObjectName(u"signaturePanel"_s);
    m_summary->setObjectName(u"signatureSummary"_s);
    m_summary->setWordWrap(true);
    m_trustNote->setObjectName(u"signatureTrustNote"_s);
    m_trustNote->setWordWrap(true);
    m_trustNote->setVisible(false);
    m_trustNote->setStyleSheet(u"color: #8a5a00;"_s);
    m_tree->setObjectName(u"signatureTree"_s);
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Signature"), tr("Details")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->setWordWrap(true);
    m_tree->setUniformRowHeights(false);
    m_serverTitle->setText(tr("The server's verdict:"));
    m_serverTitle->setVisible(false);
    m_serverTree->setObjectName(u"serverSignatureTree"_s);
    m_serverTree->setColumnCount(3);
    m_serverTree->setHeaderLabels({tr("Signer"), tr("Side"), tr("Server says")});
    m_serverTree->setRootIsDecorated(false);
    m_serverTree->setVisible(false);
    m_serverTree->setMaximumHeight(140);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(m_trustNote);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_serverTitle);
    layout->addWidget(m_serverTree);

    connect(&m_watcher, &QFutureWatcher<Result<crypto::VerificationReport>>::finished, this, [this] {
        if (m_watcher.property("generation").toInt() != m_generation)
            return;
        showResult(m_watcher.result());
    });
}

void SignaturePanel::clear()
{
    ++m_generation;
    m_report = {};
    m_tree->clear();
    m_summary->clear();
    m_serverTree->clear();
    m_serverTree->setVisible(false);
    m_serverTitle->setVisible(false);
}

void SignaturePanel::setPdf(const QByteArray &pdf, std::optional<crypto::TrustSettings> trust)
{
    QStringList problems;
    crypto::TrustSettings t = trust ? *trust : sign::trustSettings(&problems);
    const bool noAnchors = t.anchorsDer.isEmpty();
    start([pdf, t] { return crypto::verifyPdf(pdf, t); }, noAnchors);
}

void SignaturePanel::setCades(const QByteArray &cms, const QByteArray &data, const QString &fileName,
                              std::optional<crypto::TrustSettings> trust)
{
    crypto::TrustSettings t = trust ? *trust : sign::trustSettings();
    const bool noAnchors = t.anchorsDer.isEmpty();
    m_tree->setHeaderLabels({tr("Signature of %1").arg(fileName), tr("Details")});
    start([cms, data, t] { return crypto::verifyCades(cms, data, t); }, noAnchors);
}

void SignaturePanel::start(std::function<Result<crypto::VerificationReport>()> work, bool noAnchors)
{
    ++m_generation;
    m_tree->clear();
    m_summary->setText(tr("Checking the signatures…"));
    m_trustNote->setText(noAnchors
                             ? tr("No trusted roots are set up on this computer, so no signature can be "
                                  "confirmed here: add your supplier's and your certificate issuer's root "
                                  "certificates in Signing settings. The server's verdict is shown below.")
                             : QString());
    m_trustNote->setVisible(noAnchors);
    if (noAnchors) {
        m_serverTitle->setVisible(true);
        m_serverTree->setVisible(true);
    }
    m_watcher.setProperty("generation", m_generation);
    m_watcher.setFuture(QtConcurrent::run(std::move(work)));
}

void SignaturePanel::showResult(const Result<crypto::VerificationReport> &result)
{
    m_tree->clear();
    if (!result) {
        m_report = {};
        m_summary->setText(tr("The signatures cannot be read: %1").arg(result.error().message()));
        Q_EMIT verified();
        return;
    }
    m_report = result.value();
    const auto &sigs = m_report.signatures;
    if (sigs.isEmpty()) {
        m_summary->setText(tr("This document has no signatures."));
    } else {
        int valid = 0;
        for (const auto &s : sigs)
            valid += s.isValid() ? 1 : 0;
        const int n = int(sigs.size());
        if (valid == n)
            m_summary->setText(n == 1 ? tr("One signature, valid.")
                                      : tr("%n signatures, all valid.", nullptr, n));
        else if (n == 1)
            m_summary->setText(tr("One signature, not valid."));
        else
            m_summary->setText(tr("%1 of %n signatures valid.", nullptr, n).arg(valid));
    }
    for (qsizetype i = 0; i < sigs.size(); ++i)
        addSignature(sigs[i], int(i));
    Q_EMIT verified();
}

QTreeWidgetItem *SignaturePanel::addSignature(const crypto::SignatureReport &s, int index)
{
    const crypto::CertificateInfo &c = s.signer;
    auto *top = new QTreeWidgetItem(m_tree);
    top->setIcon(0, signatureStatusIcon(s.status));
    top->setText(0, crypto::statusText(s.status));
    top->setText(1, c.isNull() ? tr("Signature %1 (signer unknown)").arg(index + 1) : c.displayName());
    QFont bold = top->font(0);
    bold.setBold(true);
    top->setFont(0, bold);
    top->setFont(1, bold);

    // What is wrong first: it is what the reader came for.
    for (qsizetype i = 0; i < s.problems.size(); ++i) {
        const crypto::SignatureProblem p = s.problems[i];
        QString title = crypto::problemTitle(p);
        const QString arg = s.problemArgs.value(i);
        if (!arg.isEmpty())
            title += u" ("_s + arg + u')';
        auto *problem = row(top, tr("Problem"), title);
        problem->setIcon(0, QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning));
        row(problem, tr("What to do"), crypto::problemAdvice(p));
        problem->setExpanded(true);
    }
    if (!c.isNull()) {
        row(top, tr("Signer"), c.commonName);
        if (!c.organization.isEmpty())
            row(top, tr("Organization"), c.organization);
        if (!c.taxId.isEmpty())
            row(top, tr("Tax ID"), c.taxId);
        row(top, tr("Certificate serial"), c.serialHex);
        row(top, tr("Issued by"), c.issuer);
        row(top, tr("Valid"), tr("%1 to %2").arg(dateText(c.notBefore), dateText(c.notAfter)));
    }
    row(top, tr("Signing time"), s.signingTime.isValid() ? dateTimeText(s.signingTime) : tr("not stated"));
    row(top, tr("Format"), s.format);
    if (!s.fieldName.isEmpty()) {
        row(top, tr("Field"), s.fieldName);
        row(top, tr("Covers"),
            s.coversWholeFile ? tr("the whole document")
                              : tr("an earlier revision (%n bytes); later changes add only "
                                   "signatures or are listed as problems",
                                   nullptr, int(s.signedLength)));
    }
    if (!s.reason.isEmpty())
        row(top, tr("Reason"), s.reason);
    if (!s.chain.isEmpty()) {
        // The chain as an indented tree: signer, its issuer under it, up to the root.
        QTreeWidgetItem *parent = row(top, tr("Chain"), QString());
        for (const crypto::CertificateInfo &link : s.chain) {
            auto *item = row(parent, link.commonName.isEmpty() ? link.subject : link.commonName,
                             tr("valid %1 to %2").arg(dateText(link.notBefore), dateText(link.notAfter)));
            item->setToolTip(0, link.subject);
            parent->setExpanded(true);
            parent = item;
        }
        parent->setExpanded(true);
    }
    top->setExpanded(true);
    return top;
}

void SignaturePanel::setServerSignatures(const ServerSignatures &server)
{
    m_serverTree->clear();
    for (const ServerSignature &s : server.items) {
        QString verdict = s.status == u"valid"_s ? tr("valid") : tr("rejected");
        QStringList titles;
        for (const QString &code : s.problems)
            if (auto p = crypto::problemFromCode(code))
                titles.append(crypto::problemTitle(*p));
            else
                titles.append(code);
        if (!titles.isEmpty())
            verdict += u": "_s + titles.join(u"; "_s);
        auto *item = new QTreeWidgetItem(
            m_serverTree, {s.signerName.isEmpty() ? s.field : s.signerName,
                           s.side == u"supplier"_s ? tr("supplier") : tr("consumer"), verdict});
        item->setToolTip(2, verdict);
        item->setIcon(2, signatureStatusIcon(s.status == u"valid"_s ? crypto::SignatureStatus::Valid
                                                                    : crypto::SignatureStatus::Invalid));
    }
    m_serverTitle->setVisible(true);
    m_serverTree->setVisible(true);
}

QStringList SignaturePanel::allTexts() const
{
    QStringList out;
    std::function<void(QTreeWidgetItem *)> walk = [&](QTreeWidgetItem *item) {
        for (int c = 0; c < item->columnCount(); ++c)
            if (!item->text(c).isEmpty())
                out.append(item->text(c));
        for (int i = 0; i < item->childCount(); ++i)
            walk(item->child(i));
    };
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        walk(m_tree->topLevelItem(i));
    return out;
}

} // namespace oblik::client
