#include "views/busyindicator.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>

namespace oblik::client {

BusyIndicator::BusyIndicator(QWidget *parent) : QWidget(parent), m_label(new QLabel), m_bar(new QProgressBar)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_bar->setRange(0, 0); // indeterminate: the bar moves without a percentage
    m_bar->setTextVisible(false);
    m_bar->setMaximumWidth(160);
    m_bar->setMaximumHeight(14);
    layout->addWidget(m_bar);
    layout->addWidget(m_label, 1);
    setVisible(false);
}

void BusyIndicator::start(const QString &text)
{
    m_label->setText(text);
    m_busy = true;
    setVisible(true);
}

void BusyIndicator::stop()
{
    m_busy = false;
    setVisible(false);
}

QString BusyIndicator::text() const
{
    return m_label->text();
}

} // namespace oblik::client
