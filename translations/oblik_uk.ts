<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk_UA" sourcelanguage="en">
<context>
    <name>oblik-server</name>
    <message>
        <source>The database: sqlite:PATH or postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME.</source>
        <translation>База даних: sqlite:ШЛЯХ або postgresql://КОРИСТУВАЧ[:ПАРОЛЬ]@ХОСТ[:ПОРТ]/НАЗВА.</translation>
    </message>
    <message>
        <source>--db URL is required (sqlite:PATH or postgresql://USER@HOST:PORT/NAME)</source>
        <translation>потрібен параметр --db URL (sqlite:ШЛЯХ або postgresql://КОРИСТУВАЧ@ХОСТ:ПОРТ/НАЗВА)</translation>
    </message>
    <message>
        <source>invalid --db URL: %1</source>
        <translation>некоректна адреса --db: %1</translation>
    </message>
    <message>
        <source>cannot open the database %1: %2</source>
        <translation>не вдається відкрити базу даних %1: %2</translation>
    </message>
    <message>
        <source>--%1 must be a whole number from %2 to %3</source>
        <translation>--%1 має бути цілим числом від %2 до %3</translation>
    </message>
    <message>
        <source>cannot read the schema version: %1</source>
        <translation>не вдається прочитати версію схеми: %1</translation>
    </message>
    <message>
        <source>migration failed: %1</source>
        <translation>міграція не вдалася: %1</translation>
    </message>
    <message>
        <source>The database is up to date (schema version %1).</source>
        <translation>База даних актуальна (версія схеми %1).</translation>
    </message>
    <message>
        <source>Migrated the database from schema version %1 to %2.</source>
        <translation>Базу даних оновлено з версії схеми %1 до %2.</translation>
    </message>
    <message>
        <source>cannot inspect the database: %1</source>
        <translation>не вдається перевірити базу даних: %1</translation>
    </message>
    <message>
        <source>the database already holds data; demo fills only an empty database (nothing was changed)</source>
        <translation>база даних уже містить дані; demo заповнює лише порожню базу (нічого не змінено)</translation>
    </message>
    <message>
        <source>demo: %1 of %2 accounts written</source>
        <translation>demo: записано %1 з %2 особових рахунків</translation>
    </message>
    <message>
        <source>demo failed: %1</source>
        <translation>demo не вдалося: %1</translation>
    </message>
    <message>
        <source>Demo district written: %1 consumers, %2 accounts, %3 metering points, %4 meters, %5 readings.</source>
        <translation>Демонстраційний РЕМ записано: споживачів — %1, особових рахунків — %2, точок обліку — %3, лічильників — %4, показників — %5.</translation>
    </message>
    <message>
        <source>Logins (password &quot;%1&quot; for all):</source>
        <translation>Логіни (пароль «%1» для всіх):</translation>
    </message>
    <message>
        <source>--listen must be HOST:PORT, e.g. 127.0.0.1:8443 (port 0 picks a free one)</source>
        <translation>--listen має мати вигляд ХОСТ:ПОРТ, наприклад 127.0.0.1:8443 (порт 0 вибирає вільний)</translation>
    </message>
    <message>
        <source>--cert and --key go together</source>
        <translation>--cert і --key задаються разом</translation>
    </message>
    <message>
        <source>cannot use the TLS certificate: %1</source>
        <translation>не вдається використати сертифікат TLS: %1</translation>
    </message>
    <message>
        <source>the database is at schema version %1, this server needs %2: run &quot;oblik-server migrate --db URL&quot; first</source>
        <translation>база даних має версію схеми %1, а цьому серверу потрібна %2: спершу виконайте «oblik-server migrate --db URL»</translation>
    </message>
    <message>
        <source>cannot make a development certificate: %1</source>
        <translation>не вдається створити сертифікат для розробки: %1</translation>
    </message>
    <message>
        <source>Using a self-signed development certificate %1 (SHA-256 fingerprint %2). Clients must trust it explicitly.</source>
        <translation>Використовується самопідписаний сертифікат для розробки %1 (відбиток SHA-256 %2). Клієнти мають явно довіритися йому.</translation>
    </message>
    <message>
        <source>cannot listen on %1:%2: %3</source>
        <translation>не вдається слухати %1:%2: %3</translation>
    </message>
    <message>
        <source>Shutting down.</source>
        <translation>Завершення роботи.</translation>
    </message>
    <message>
        <source>Create the database (if needed) and bring its schema up to date.</source>
        <translation>Створити базу даних (за потреби) та оновити її схему.</translation>
    </message>
    <message>
        <source>Apply the schema migrations the database is missing.</source>
        <translation>Застосувати міграції схеми, яких бракує базі даних.</translation>
    </message>
    <message>
        <source>Fill an empty database with a demo district (logins use the password &quot;oblik-demo&quot;).</source>
        <translation>Заповнити порожню базу даних демонстраційним РЕМ (логіни мають пароль «oblik-demo»).</translation>
    </message>
    <message>
        <source>Personal accounts to create (default 60).</source>
        <translation>Скільки особових рахунків створити (типово 60).</translation>
    </message>
    <message>
        <source>Random seed: the same seed makes the same district.</source>
        <translation>Початкове значення генератора: те саме значення дає той самий РЕМ.</translation>
    </message>
    <message>
        <source>Serve the HTTPS API.</source>
        <translation>Обслуговувати HTTPS API.</translation>
    </message>
    <message>
        <source>Address and port (default 127.0.0.1:8443; port 0 picks a free one).</source>
        <translation>Адреса і порт (типово 127.0.0.1:8443; порт 0 вибирає вільний).</translation>
    </message>
    <message>
        <source>TLS certificate (PEM, leaf first, then intermediates).</source>
        <translation>Сертифікат TLS (PEM: спершу сертифікат сервера, потім проміжні).</translation>
    </message>
    <message>
        <source>TLS private key (PEM, unencrypted).</source>
        <translation>Закритий ключ TLS (PEM, незашифрований).</translation>
    </message>
    <message>
        <source>Where the development certificate is kept (default: next to a SQLite file as &lt;file&gt;.dev-tls).</source>
        <translation>Де зберігати сертифікат для розробки (типово поруч із файлом SQLite як &lt;файл&gt;.dev-tls).</translation>
    </message>
    <message>
        <source>Largest request body in bytes (default 1048576).</source>
        <translation>Найбільший розмір тіла запиту в байтах (типово 1048576).</translation>
    </message>
    <message>
        <source>Seconds a session may stay unused (default 1800).</source>
        <translation>Скільки секунд сеанс може не використовуватися (типово 1800).</translation>
    </message>
    <message>
        <source>Seconds a session may live at most (default 43200).</source>
        <translation>Найбільша тривалість сеансу в секундах (типово 43200).</translation>
    </message>
    <message>
        <source>Failed logins that lock a login name (default 5).</source>
        <translation>Кількість невдалих входів, після якої логін блокується (типово 5).</translation>
    </message>
    <message>
        <source>Seconds in which those failures count (default 900).</source>
        <translation>За скільки секунд враховуються ці невдачі (типово 900).</translation>
    </message>
    <message>
        <source>Seconds a locked login stays locked (default 900).</source>
        <translation>Скільки секунд логін залишається заблокованим (типово 900).</translation>
    </message>
    <message>
        <source>Print the API routes the server registers.</source>
        <translation>Вивести маршрути API, які реєструє сервер.</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Команди:</translation>
    </message>
    <message>
        <source>Oblik server: the consumer cabinet&apos;s HTTPS API and its database tools.</source>
        <translation>Сервер Облік: HTTPS API кабінету споживача та засоби роботи з його базою даних.</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;; try --help</source>
        <translation>невідома команда «%1»; див. --help</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot;</source>
        <translation>неочікуваний аргумент «%1»</translation>
    </message>
    <message>
        <source>--accounts must be at least 5 plus --big-accounts</source>
        <translation>--accounts має бути не менше ніж 5 плюс --big-accounts</translation>
    </message>
    <message>
        <source>usage: holidays --db URL list | add YYYY-MM-DD NAME | remove YYYY-MM-DD</source>
        <translation>використання: holidays --db URL list | add YYYY-MM-DD НАЗВА | remove YYYY-MM-DD</translation>
    </message>
    <message>
        <source>not a date YYYY-MM-DD: %1</source>
        <translation>не є датою у форматі YYYY-MM-DD: %1</translation>
    </message>
    <message>
        <source>the database schema is not up to date; run oblik-server migrate first</source>
        <translation>схема бази даних не актуальна; спершу виконайте oblik-server migrate</translation>
    </message>
    <message>
        <source>the database has no supplier or several: name one with --supplier ID</source>
        <translation>у базі даних немає постачальника або їх кілька: вкажіть його через --supplier ID</translation>
    </message>
    <message>
        <source>%1 is already a holiday</source>
        <translation>%1 уже є святковим днем</translation>
    </message>
    <message>
        <source>the holiday needs a name</source>
        <translation>святковий день потребує назви</translation>
    </message>
    <message>
        <source>%1 is not a holiday</source>
        <translation>%1 не є святковим днем</translation>
    </message>
    <message>
        <source>For benchmarks: extra accounts of one large business, each with its own login big-1, big-2, ... (default 0).</source>
        <translation>Для тестів продуктивності: додаткові особові рахунки одного великого підприємства, кожен із власним логіном big-1, big-2, ... (типово 0).</translation>
    </message>
    <message>
        <source>Metering points of each big account (default 10000).</source>
        <translation>Кількість точок обліку кожного великого особового рахунку (типово 10000).</translation>
    </message>
    <message>
        <source>Threads that run requests, each with a database connection (default: 4 per core, at least 8).</source>
        <translation>Потоки, що виконують запити, кожен із власним зʼєднанням з базою даних (типово: 4 на ядро, щонайменше 8).</translation>
    </message>
    <message>
        <source>List, add or remove the public holidays that readings windows skip: holidays list | add YYYY-MM-DD NAME | remove YYYY-MM-DD.</source>
        <translation>Переглянути, додати або видалити святкові дні, які пропускає період прийому показників: holidays list | add YYYY-MM-DD НАЗВА | remove YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>The supplier (default: the only one).</source>
        <translation>Постачальник (типово: єдиний наявний).</translation>
    </message>
    <message>
        <source>init, migrate, demo, serve, holidays or routes.</source>
        <translation>init, migrate, demo, serve, holidays або routes.</translation>
    </message>
    <message>
        <source>no command given; try --help (commands: init, migrate, demo, serve, holidays, routes)</source>
        <translation>команду не вказано; див. --help (команди: init, migrate, demo, serve, holidays, routes)</translation>
    </message>
    <message>
        <source>demo: %1 of %2 periods billed</source>
        <translation>demo: розраховано %1 з %2 періодів</translation>
    </message>
    <message>
        <source>demo billing failed: %1</source>
        <translation>помилка розрахунку демо-даних: %1</translation>
    </message>
    <message>
        <source>Demo billing: %1 periods, %2 invoices, %3 payments (%4 partial, %5 overpaid), %6 invoices unpaid, %7 account-periods failed.</source>
        <translation>Розрахунок демо-даних: періодів — %1, рахунків — %2, платежів — %3 (часткових — %4, з переплатою — %5), неоплачених рахунків — %6, помилок за особовими рахунками й періодами — %7.</translation>
    </message>
    <message>
        <source>the ledger check failed: %1</source>
        <translation>не вдалося перевірити облік: %1</translation>
    </message>
    <message>
        <source>Checked %1 accounts: %2 postings, %3 invoices, %4 payments.</source>
        <translation>Перевірено особових рахунків: %1; проводок — %2, рахунків — %3, платежів — %4.</translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation>Розбіжність: %1</translation>
    </message>
    <message numerus="yes">
        <source>the ledger does not agree: %n problem(s)</source>
        <translation>
            <numerusform>облік не узгоджується: %n розбіжність</numerusform>
            <numerusform>облік не узгоджується: %n розбіжності</numerusform>
            <numerusform>облік не узгоджується: %n розбіжностей</numerusform>
        </translation>
    </message>
    <message>
        <source>The ledger agrees with its documents and balances.</source>
        <translation>Облік узгоджується з документами та сальдо.</translation>
    </message>
    <message>
        <source>there is no district with the code %1</source>
        <translation>району з кодом %1 не існує</translation>
    </message>
    <message>
        <source>the district %1 does not belong to supplier %2</source>
        <translation>район %1 не належить постачальнику %2</translation>
    </message>
    <message>
        <source>there is no supplier %1</source>
        <translation>постачальника %1 не існує</translation>
    </message>
    <message>
        <source>the database has no supplier</source>
        <translation>у базі даних немає постачальника</translation>
    </message>
    <message>
        <source>the database has several suppliers: choose one with --supplier ID</source>
        <translation>у базі даних кілька постачальників: виберіть одного за допомогою --supplier ID</translation>
    </message>
    <message>
        <source>--period YYYY-MM is required</source>
        <translation>потрібно вказати --period YYYY-MM</translation>
    </message>
    <message>
        <source>bill-run: resuming run %1 (%2 of %3 accounts done)</source>
        <translation>bill-run: продовження розрахунку %1 (оброблено %2 з %3 особових рахунків)</translation>
    </message>
    <message>
        <source>bill-run: run %1 started for %2, %3 accounts</source>
        <translation>bill-run: розрахунок %1 за %2 запущено, особових рахунків: %3</translation>
    </message>
    <message>
        <source>bill-run: %1 of %2 accounts (%3 failed), %4 invoices</source>
        <translation>bill-run: %1 з %2 особових рахунків (з помилкою: %3), рахунків: %4</translation>
    </message>
    <message>
        <source>bill-run: stopping after the current chunk...</source>
        <translation>bill-run: зупинка після поточної порції...</translation>
    </message>
    <message>
        <source>bill-run failed: %1</source>
        <translation>bill-run завершився з помилкою: %1</translation>
    </message>
    <message>
        <source>what was committed stays; run the same command again to resume</source>
        <translation>уже збережене залишається; щоб продовжити, запустіть ту саму команду ще раз</translation>
    </message>
    <message>
        <source>Bill run %1 cancelled: %2 of %3 accounts done. Run the same command again to resume it.</source>
        <translation>Масовий розрахунок %1 скасовано: оброблено %2 з %3 особових рахунків. Щоб продовжити, запустіть ту саму команду ще раз.</translation>
    </message>
    <message>
        <source>Bill run %1 for %2 done: %3 accounts billed, %4 failed, %5 invoices.</source>
        <translation>Масовий розрахунок %1 за %2 завершено: розраховано особових рахунків — %3, з помилкою — %4, рахунків — %5.</translation>
    </message>
    <message>
        <source>For benchmarks: more single-zone metering points per household (default 0).</source>
        <translation>Для тестів продуктивності: кількість додаткових однозонних точок обліку на кожного побутового споживача (типово 0).</translation>
    </message>
    <message>
        <source>For benchmarks: keep the readings of only the newest N of the 12 processed periods (default 12).</source>
        <translation>Для тестів продуктивності: зберегти показники лише за N останніх з 12 оброблених періодів (типово 12).</translation>
    </message>
    <message>
        <source>Bill the 12 closed periods and record payments even for more than 5000 accounts or with the benchmark options.</source>
        <translation>Розрахувати 12 закритих періодів і зареєструвати платежі навіть для понад 5000 особових рахунків або з параметрами тестів продуктивності.</translation>
    </message>
    <message>
        <source>Leave the demo unbilled (no invoices, no payments).</source>
        <translation>Не розраховувати демо-дані (без рахунків і платежів).</translation>
    </message>
    <message>
        <source>Check that the ledger agrees: invoices with their lines and postings, payments with their postings and allocations, and the turnover statement with the postings. Exit status 0 only when it agrees.</source>
        <translation>Перевірити узгодженість обліку: рахунки — з їхніми рядками та проводками, платежі — з їхніми проводками та розподілом, оборотно-сальдову відомість — з проводками. Код завершення 0 лише за повної узгодженості.</translation>
    </message>
    <message>
        <source>Only this supplier&apos;s accounts (default: all).</source>
        <translation>Лише особові рахунки цього постачальника (типово: усі).</translation>
    </message>
    <message>
        <source>Calculate every account of a district or a supplier for a period and issue the invoices; Ctrl-C stops after the current chunk, and running it again resumes.</source>
        <translation>Розрахувати всі особові рахунки району або постачальника за період і виставити рахунки; Ctrl-C зупиняє роботу після поточної порції, повторний запуск її продовжує.</translation>
    </message>
    <message>
        <source>The period to bill.</source>
        <translation>Розрахунковий період.</translation>
    </message>
    <message>
        <source>Only this district (default: the whole supplier).</source>
        <translation>Лише цей район (типово: усі райони постачальника).</translation>
    </message>
    <message>
        <source>--lang must be uk or ru</source>
        <translation>--lang має бути uk або ru</translation>
    </message>
    <message>
        <source>name one document: --invoice NUMBER, --tax-invoice NUMBER or --act ACCOUNT_NUMBER</source>
        <translation>вкажіть один документ: --invoice НОМЕР, --tax-invoice НОМЕР або --act ОСОБОВИЙ_РАХУНОК</translation>
    </message>
    <message>
        <source>--out FILE.pdf is required</source>
        <translation>потрібно вказати --out ФАЙЛ.pdf</translation>
    </message>
    <message>
        <source>--act needs --period YYYY-MM</source>
        <translation>для --act потрібен --period РРРР-ММ</translation>
    </message>
    <message>
        <source>there is no invoice %1</source>
        <translation>рахунку %1 немає</translation>
    </message>
    <message>
        <source>there is no tax invoice %1</source>
        <translation>податкової накладної %1 немає</translation>
    </message>
    <message>
        <source>there is no account %1</source>
        <translation>особового рахунку %1 немає</translation>
    </message>
    <message>
        <source>the document could not be made: %1</source>
        <translation>не вдалося сформувати документ: %1</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>не вдалося записати %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n page(s), SHA-256 %2 (%3).</source>
        <translation>
            <numerusform>%1: %n сторінка, SHA-256 %2 (%3).</numerusform>
            <numerusform>%1: %n сторінки, SHA-256 %2 (%3).</numerusform>
            <numerusform>%1: %n сторінок, SHA-256 %2 (%3).</numerusform>
        </translation>
    </message>
    <message>
        <source>stored</source>
        <translation>збережено</translation>
    </message>
    <message>
        <source>not stored</source>
        <translation>не збережено</translation>
    </message>
    <message>
        <source>--kind must be invoice_package, tax_invoice or readings_act</source>
        <translation>--kind має бути invoice_package, tax_invoice або readings_act</translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation>не вдалося створити папку %1</translation>
    </message>
    <message>
        <source>documents: %1 of %2 accounts, %3 documents</source>
        <translation>документи: особових рахунків %1 з %2, документів %3</translation>
    </message>
    <message>
        <source>documents failed: %1</source>
        <translation>не вдалося сформувати документи: %1</translation>
    </message>
    <message>
        <source>Accounts per transaction (default 5000).</source>
        <translation>Кількість особових рахунків на транзакцію (за замовчуванням 5000).</translation>
    </message>
    <message>
        <source>Write one document as PDF: an invoice package (--invoice), a tax invoice (--tax-invoice) or a readings act (--act with --period, --blank for an empty one). Invoices and tax invoices are stored like the API stores them, and the stored bytes are written when they exist.</source>
        <translation>Записати один документ у PDF: пакет рахунку (--invoice), податкову накладну (--tax-invoice) або акт показників (--act разом із --period, --blank — для порожнього бланка). Рахунки й податкові накладні зберігаються так само, як їх зберігає API, а якщо збережена копія вже існує, записуються саме її байти.</translation>
    </message>
    <message>
        <source>The invoice&apos;s number.</source>
        <translation>Номер рахунку.</translation>
    </message>
    <message>
        <source>The tax invoice&apos;s number.</source>
        <translation>Номер податкової накладної.</translation>
    </message>
    <message>
        <source>The readings act of this personal account.</source>
        <translation>Акт показників цього особового рахунку.</translation>
    </message>
    <message>
        <source>The readings act&apos;s period.</source>
        <translation>Період акта показників.</translation>
    </message>
    <message>
        <source>A blank readings act (current values left empty).</source>
        <translation>Порожній бланк акта показників (поточні значення не заповнено).</translation>
    </message>
    <message>
        <source>The document&apos;s language, uk or ru (default: the supplier&apos;s).</source>
        <translation>Мова документа: uk або ru (за замовчуванням — мова постачальника).</translation>
    </message>
    <message>
        <source>The PDF file to write.</source>
        <translation>PDF-файл, який потрібно записати.</translation>
    </message>
    <message>
        <source>Render the invoice packages, tax invoices and readings acts of every account of a district or a supplier for a period, with progress; --store keeps them like the API does.</source>
        <translation>Сформувати пакети рахунків, податкові накладні та акти показників для всіх особових рахунків району або постачальника за період із відображенням перебігу; з --store документи зберігаються так само, як це робить API.</translation>
    </message>
    <message>
        <source>The period.</source>
        <translation>Період.</translation>
    </message>
    <message>
        <source>The documents&apos; language, uk or ru (default: the supplier&apos;s).</source>
        <translation>Мова документів: uk або ru (за замовчуванням — мова постачальника).</translation>
    </message>
    <message>
        <source>Store the documents (or reuse the stored ones), as the API does.</source>
        <translation>Зберегти документи (або використати вже збережені), як це робить API.</translation>
    </message>
    <message>
        <source>Also write every PDF into this folder.</source>
        <translation>Також записати кожен PDF у цю папку.</translation>
    </message>
    <message>
        <source>Only this kind: invoice_package, tax_invoice or readings_act (may be repeated; default all).</source>
        <translation>Лише цей вид: invoice_package, tax_invoice або readings_act (можна вказати кілька разів; за замовчуванням — усі).</translation>
    </message>
    <message>
        <source>Rendering threads (default: one per core).</source>
        <translation>Кількість потоків формування (за замовчуванням — один на ядро).</translation>
    </message>
    <message>
        <source>Accounts gathered at a time (default 200).</source>
        <translation>Кількість особових рахунків, що обробляються за раз (за замовчуванням 200).</translation>
    </message>
    <message>
        <source>the PIN file %1 cannot be read</source>
        <translation>не вдається прочитати файл із ПІН-кодом %1</translation>
    </message>
    <message>
        <source>PIN or password for %1: </source>
        <translation>ПІН-код або пароль для %1: </translation>
    </message>
    <message>
        <source>no PIN: give --pin-file FILE or set OBLIK_PIN (stdin is not a terminal to ask)</source>
        <translation>ПІН-код не задано: вкажіть --pin-file ФАЙЛ або задайте змінну середовища OBLIK_PIN (стандартний ввід не є терміналом, тому запитати ПІН-код неможливо)</translation>
    </message>
    <message>
        <source>sign needs --key, --in and --out; try --help</source>
        <translation>для sign потрібні --key, --in і --out; див. --help</translation>
    </message>
    <message>
        <source>--cades and --pades exclude each other</source>
        <translation>--cades і --pades не можна задавати разом</translation>
    </message>
    <message>
        <source>the input file %1 cannot be read</source>
        <translation>не вдається прочитати вхідний файл %1</translation>
    </message>
    <message>
        <source>the signature file %1 cannot be read</source>
        <translation>не вдається прочитати файл підпису %1</translation>
    </message>
    <message>
        <source>--pades needs a PDF, and %1 is not one</source>
        <translation>--pades потребує файлу PDF, а %1 не є PDF</translation>
    </message>
    <message>
        <source>--add-to adds to a CAdES signature (.p7s); it does not go with --pades</source>
        <translation>--add-to додає підпис до наявного підпису CAdES (.p7s); з --pades цей параметр не поєднується</translation>
    </message>
    <message>
        <source>PAdES signature in the PDF</source>
        <translation>підпис PAdES у PDF</translation>
    </message>
    <message>
        <source>CAdES signature added to the existing ones</source>
        <translation>підпис CAdES, доданий до наявних</translation>
    </message>
    <message>
        <source>CAdES detached signature</source>
        <translation>відокремлений підпис CAdES</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation>не вдається записати %1: %2</translation>
    </message>
    <message>
        <source>signed: %1 (%2, signer %3)</source>
        <translation>підписано: %1 (%2, підписувач %3)</translation>
    </message>
    <message>
        <source>verify needs the file to verify; try --help</source>
        <translation>для verify потрібно вказати файл для перевірки; див. --help</translation>
    </message>
    <message>
        <source>the file %1 cannot be read</source>
        <translation>не вдається прочитати файл %1</translation>
    </message>
    <message>
        <source>%1: no signatures (give the detached ones with --signature FILE.p7s)</source>
        <translation>%1: підписів немає (відокремлені підписи вкажіть через --signature ФАЙЛ.p7s)</translation>
    </message>
    <message>
        <source>Sign a file: PAdES inside a PDF, else a detached CAdES signature (.p7s).</source>
        <translation>Підписати файл: для PDF — підпис PAdES усередині файлу, для інших файлів — відокремлений підпис CAdES (.p7s).</translation>
    </message>
    <message>
        <source>The key: a PKCS#12 file or a pkcs11: URI (RFC 7512).</source>
        <translation>Ключ: файл PKCS#12 або URI pkcs11: (RFC 7512).</translation>
    </message>
    <message>
        <source>A file whose first line is the PIN or the key file&apos;s password (else OBLIK_PIN, else asked on the terminal).</source>
        <translation>Файл, перший рядок якого — ПІН-код або пароль файлового ключа (інакше — змінна середовища OBLIK_PIN, інакше — запит у терміналі).</translation>
    </message>
    <message>
        <source>The file to sign.</source>
        <translation>Файл, який потрібно підписати.</translation>
    </message>
    <message>
        <source>Where to write the signed PDF or the .p7s.</source>
        <translation>Куди записати підписаний PDF або файл .p7s.</translation>
    </message>
    <message>
        <source>A detached CAdES signature even for a PDF.</source>
        <translation>Відокремлений підпис CAdES навіть для PDF.</translation>
    </message>
    <message>
        <source>A PAdES signature in the PDF (the default for a PDF).</source>
        <translation>Підпис PAdES усередині PDF (типово для PDF).</translation>
    </message>
    <message>
        <source>The reason written into a PDF signature.</source>
        <translation>Причина, що записується в підпис PDF.</translation>
    </message>
    <message>
        <source>Add a parallel signature to this existing .p7s.</source>
        <translation>Додати паралельний підпис до цього наявного файлу .p7s.</translation>
    </message>
    <message>
        <source>Verify the signatures of a PDF or of detached .p7s files; exit 0 only when all are valid.</source>
        <translation>Перевірити підписи в PDF або у відокремлених файлах .p7s; код завершення 0 — лише якщо всі підписи дійсні.</translation>
    </message>
    <message>
        <source>A detached signature of the file (repeatable).</source>
        <translation>Відокремлений підпис файлу (можна вказати кілька разів).</translation>
    </message>
    <message>
        <source>Trusted CA certificates, PEM or DER (repeatable).</source>
        <translation>Довірені сертифікати центрів сертифікації, PEM або DER (можна вказати кілька разів).</translation>
    </message>
    <message>
        <source>A certificate revocation list (repeatable).</source>
        <translation>Список відкликаних сертифікатів (можна вказати кілька разів).</translation>
    </message>
    <message>
        <source>Every CA of a chain must have a CRL here.</source>
        <translation>Для кожного центру сертифікації в ланцюжку тут має бути наданий список відкликаних сертифікатів (CRL).</translation>
    </message>
    <message>
        <source>The supplier&apos;s signing key: a PKCS#12 file or a pkcs11: URI. Documents are signed (PAdES) before they are stored.</source>
        <translation>Ключ, яким постачальник підписує документи: файл PKCS#12 або URI pkcs11:. Документи підписуються (PAdES) перед збереженням.</translation>
    </message>
    <message>
        <source>A file whose first line is the key&apos;s PIN or password (default: OBLIK_PIN, else the URI&apos;s pin-source).</source>
        <translation>Файл, перший рядок якого — ПІН-код або пароль ключа (типово — змінна середовища OBLIK_PIN, інакше — pin-source з URI).</translation>
    </message>
    <message>
        <source>A trusted CA certificate (PEM or DER) for consumers&apos; signatures; may be repeated.</source>
        <translation>Довірений сертифікат центру сертифікації (PEM або DER) для перевірки підписів споживачів; можна вказати кілька разів.</translation>
    </message>
    <message>
        <source>A certificate revocation list; may be repeated.</source>
        <translation>Список відкликаних сертифікатів; можна вказати кілька разів.</translation>
    </message>
    <message>
        <source>Refuse a consumer&apos;s signature when a CA of its chain has no CRL given with --crl.</source>
        <translation>Відхиляти підпис споживача, якщо для будь-якого центру сертифікації в його ланцюжку не надано CRL через --crl.</translation>
    </message>
    <message>
        <source>cannot use the trust settings: %1</source>
        <translation>не вдається застосувати налаштування довіри: %1</translation>
    </message>
    <message>
        <source>--sign-pin-file needs --sign-key</source>
        <translation>--sign-pin-file задається лише разом із --sign-key</translation>
    </message>
    <message>
        <source>cannot read the PIN file: %1</source>
        <translation>не вдається прочитати файл із ПІН-кодом: %1</translation>
    </message>
    <message>
        <source>cannot open the signing key %1: %2</source>
        <translation>не вдається відкрити ключ для підпису %1: %2</translation>
    </message>
    <message>
        <source>Demo documents without a calculation: %1 planned advance(s) for the current period, %2 services invoice(s).</source>
        <translation>Документи демо без розрахунку: планових авансів за поточний період: %1, рахунків за послуги: %2.</translation>
    </message>
    <message>
        <source>bill-run: %1 of %2 accounts (%3 failed), %4 advances</source>
        <translation>bill-run: %1 з %2 особових рахунків (помилок: %3), авансів: %4</translation>
    </message>
    <message>
        <source>Advance run %1 for %2 done: %3 accounts done, %4 failed, %5 planned advances issued.</source>
        <translation>Формування авансів %1 за %2 завершено: оброблено особових рахунків: %3, з помилками: %4, виписано планових авансів: %5.</translation>
    </message>
    <message>
        <source>Issue the period&apos;s planned advances instead (the average billed energy x the base tariff; nothing is charged): normally the next period.</source>
        <translation>Замість розрахунку виписати планові аванси за період (середній нарахований обсяг x базовий тариф; нічого не нараховується): зазвичай за наступний період.</translation>
    </message>
</context>
<context>
    <name>oblik::Error</name>
    <message>
        <source>The login or the password is incorrect.</source>
        <translation>Неправильний логін або пароль.</translation>
    </message>
    <message>
        <source>Too many failed sign-in attempts: signing in with this login is locked for a while. Try again later.</source>
        <translation>Забагато невдалих спроб входу: вхід із цим логіном тимчасово заблоковано. Спробуйте пізніше.</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Ваш сеанс завершився. Увійдіть знову.</translation>
    </message>
    <message>
        <source>The request could not be read: it is not valid JSON.</source>
        <translation>Запит не вдалося прочитати: це не коректний JSON.</translation>
    </message>
    <message>
        <source>The request lacks a required value.</source>
        <translation>У запиті бракує обовʼязкового значення.</translation>
    </message>
    <message>
        <source>A value in the request is not valid.</source>
        <translation>Одне зі значень у запиті некоректне.</translation>
    </message>
    <message>
        <source>The request is too large.</source>
        <translation>Запит завеликий.</translation>
    </message>
    <message>
        <source>The item was not found, or you have no access to it.</source>
        <translation>Обʼєкт не знайдено, або ви не маєте до нього доступу.</translation>
    </message>
    <message>
        <source>The server does not support this operation here.</source>
        <translation>Сервер не підтримує тут цю операцію.</translation>
    </message>
    <message>
        <source>The server met an internal error. Try again later; if it repeats, contact your supplier&apos;s support.</source>
        <translation>На сервері сталася внутрішня помилка. Спробуйте пізніше; якщо помилка повториться, зверніться до служби підтримки вашого постачальника.</translation>
    </message>
    <message>
        <source>The database address is not valid. Use sqlite:PATH or postgresql://USER@HOST:PORT/NAME.</source>
        <translation>Некоректна адреса бази даних. Вкажіть sqlite:ШЛЯХ або postgresql://КОРИСТУВАЧ@ХОСТ:ПОРТ/НАЗВА.</translation>
    </message>
    <message>
        <source>The database could not be opened.</source>
        <translation>Не вдалося відкрити базу даних.</translation>
    </message>
    <message>
        <source>A database operation failed.</source>
        <translation>Операція з базою даних не вдалася.</translation>
    </message>
    <message>
        <source>The database structure could not be updated.</source>
        <translation>Не вдалося оновити структуру бази даних.</translation>
    </message>
    <message>
        <source>The database already holds data; demo data is only generated into an empty database.</source>
        <translation>База даних уже містить дані; демонстраційні дані створюються лише в порожній базі.</translation>
    </message>
    <message>
        <source>“%1” is not an amount of money.</source>
        <translation>«%1» не є грошовою сумою.</translation>
    </message>
    <message>
        <source>An amount of money has at most %1 digits after the decimal point.</source>
        <translation>Грошова сума має не більше %1 знаків після коми.</translation>
    </message>
    <message>
        <source>The amount of money is too large.</source>
        <translation>Грошова сума завелика.</translation>
    </message>
    <message>
        <source>“%1” is not a quantity of energy.</source>
        <translation>«%1» не є кількістю електроенергії.</translation>
    </message>
    <message>
        <source>A quantity of energy has at most %1 digits after the decimal point.</source>
        <translation>Кількість електроенергії має не більше %1 знаків після коми.</translation>
    </message>
    <message>
        <source>The quantity of energy is too large.</source>
        <translation>Кількість електроенергії завелика.</translation>
    </message>
    <message>
        <source>“%1” is not a tariff.</source>
        <translation>«%1» не є тарифом.</translation>
    </message>
    <message>
        <source>A tariff has at most %1 digits after the decimal point.</source>
        <translation>Тариф має не більше %1 знаків після коми.</translation>
    </message>
    <message>
        <source>The tariff is too large.</source>
        <translation>Тариф завеликий.</translation>
    </message>
    <message>
        <source>“%1” is not a period. Write the year and the month as YYYY-MM, for example 2026-10.</source>
        <translation>«%1» не є розрахунковим періодом. Вкажіть рік і місяць у форматі РРРР-ММ, наприклад 2026-10.</translation>
    </message>
    <message>
        <source>An EDRPOU code has exactly 8 digits.</source>
        <translation>Код ЄДРПОУ складається рівно з 8 цифр.</translation>
    </message>
    <message>
        <source>The EDRPOU code&apos;s last digit (the check digit) does not match the others: the code is mistyped.</source>
        <translation>Остання (контрольна) цифра коду ЄДРПОУ не відповідає іншим: код введено з помилкою.</translation>
    </message>
    <message>
        <source>An individual tax number (IPN) has exactly 10 digits.</source>
        <translation>Індивідуальний податковий номер (ІПН) складається рівно з 10 цифр.</translation>
    </message>
    <message>
        <source>The tax number&apos;s last digit (the check digit) does not match the others: the number is mistyped.</source>
        <translation>Остання (контрольна) цифра податкового номера не відповідає іншим: номер введено з помилкою.</translation>
    </message>
    <message>
        <source>The reading is not a number.</source>
        <translation>Показник не є числом.</translation>
    </message>
    <message>
        <source>A reading cannot be negative.</source>
        <translation>Показник не може бути відʼємним.</translation>
    </message>
    <message>
        <source>The value has more digits before the decimal point than the meter shows (%1).</source>
        <translation>Значення має більше цифр до коми, ніж розрядність лічильника (%1).</translation>
    </message>
    <message>
        <source>The value has more digits after the decimal point than the meter shows (%1).</source>
        <translation>Значення має більше цифр після коми, ніж показує лічильник (%1).</translation>
    </message>
    <message>
        <source>The reading is less than the previous one (%1), and the difference is too large for the meter to have rolled over past zero.</source>
        <translation>Показник менший за попередній (%1), а різниця завелика, щоб лічильник перейшов через нуль.</translation>
    </message>
    <message>
        <source>The meter is marked as faulty; its readings are not accepted.</source>
        <translation>Лічильник позначено як несправний; його показники не приймаються.</translation>
    </message>
    <message>
        <source>The meter&apos;s verification is overdue (it was due on %1); its readings are not accepted until it is verified.</source>
        <translation>Строк повірки лічильника минув (повірка мала відбутися %1); його показники не приймаються до проведення повірки.</translation>
    </message>
    <message>
        <source>The meter&apos;s verification is due on %1; arrange it in time so that its readings stay accepted.</source>
        <translation>Строк повірки лічильника — %1; проведіть повірку вчасно, щоб його показники й надалі приймалися.</translation>
    </message>
    <message>
        <source>Readings for this period are accepted from %1 to %2 only.</source>
        <translation>Показники за цей період приймаються лише з %1 по %2.</translation>
    </message>
    <message>
        <source>The consumption (%1 kWh) is far from the average of recent periods (%2 kWh). Check the reading.</source>
        <translation>Споживання (%1 кВт·год) значно відрізняється від середнього за останні періоди (%2 кВт·год). Перевірте показник.</translation>
    </message>
    <message>
        <source>The sub-consumers together used more (%1 kWh) than the main metering point (%2 kWh).</source>
        <translation>Субспоживачі разом спожили більше (%1 кВт·год), ніж основна точка обліку (%2 кВт·год).</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the network connection and the server address.</source>
        <translation>Не вдається звʼязатися із сервером. Перевірте підключення до мережі та адресу сервера.</translation>
    </message>
    <message>
        <source>The server did not answer in time. Try again.</source>
        <translation>Сервер не відповів вчасно. Спробуйте ще раз.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted, so the connection was closed to protect your data.</source>
        <translation>Сертифікат сервера не є довіреним, тому зʼєднання закрито, щоб захистити ваші дані.</translation>
    </message>
    <message>
        <source>The server sent an answer the program cannot read.</source>
        <translation>Сервер надіслав відповідь, яку програма не може прочитати.</translation>
    </message>
    <message>
        <source>An unexpected error occurred (%1).</source>
        <translation>Сталася неочікувана помилка (%1).</translation>
    </message>
    <message>
        <source>The meter&apos;s number, digit count, decimals or ratio has changed on the server. Refresh the account before entering readings.</source>
        <translation>Номер, розрядність, кількість знаків після коми або коефіцієнт трансформації лічильника змінилися на сервері. Оновіть дані особового рахунку, перш ніж вносити показники.</translation>
    </message>
    <message>
        <source>This reading has been processed and can no longer be changed.</source>
        <translation>Показник уже оброблено, і змінити його більше не можна.</translation>
    </message>
    <message>
        <source>Someone changed this reading in the meantime. Check the current value and enter yours again if needed.</source>
        <translation>Хтось змінив цей показник тим часом. Перевірте поточне значення й за потреби введіть своє ще раз.</translation>
    </message>
    <message>
        <source>This period is closed: its readings can no longer be changed.</source>
        <translation>Період закрито: його показники більше не можна змінити.</translation>
    </message>
    <message>
        <source>The request repeats an earlier one&apos;s key with different content.</source>
        <translation>Запит повторює ключ попереднього запиту з іншим вмістом.</translation>
    </message>
    <message>
        <source>The local data file %1 cannot be opened. Check that the disk is not full and the folder can be written to.</source>
        <translation>Не вдається відкрити локальний файл даних %1. Перевірте, що диск не заповнений і в папку можна записувати.</translation>
    </message>
    <message>
        <source>What you typed could not be saved on this computer. Check that the disk is not full; your input is kept on the screen.</source>
        <translation>Введене не вдалося зберегти на цьому комп’ютері. Перевірте, що диск не заповнений; введені дані залишаються на екрані.</translation>
    </message>
    <message>
        <source>The calculation needs the parameter “%1” (%2) for %3, and no value of it is in force then. Only the supplier can set it: contact your supplier and name this parameter.</source>
        <translation>Для розрахунку потрібен параметр «%1» (%2) на %3, але чинного значення на цю дату немає. Встановити його може лише постачальник: зверніться до постачальника й назвіть цей параметр.</translation>
    </message>
    <message>
        <source>The parameter “%1” (%2) would have two values in force in %3: a value&apos;s validity must not overlap another&apos;s.</source>
        <translation>Параметр «%1» (%2) мав би два чинні значення в %3: строки дії значень не повинні перетинатися.</translation>
    </message>
    <message>
        <source>“%1” is not a valid coefficient: write a decimal such as 0.4 or a fraction such as 2/3.</source>
        <translation>«%1» не є коректним коефіцієнтом: вкажіть десятковий дріб, наприклад 0.4, або звичайний дріб, наприклад 2/3.</translation>
    </message>
    <message>
        <source>Your contract does not allow calculating by yourself: the supplier calculates this account. Contact your supplier.</source>
        <translation>Ваш договір не передбачає самостійного розрахунку: розрахунок за цим особовим рахунком виконує постачальник. Зверніться до постачальника.</translation>
    </message>
    <message>
        <source>The calculation for %1 needs the readings act signed first: sign and send the act with the latest readings.</source>
        <translation>Для розрахунку за %1 спершу потрібно підписати акт показників: підпишіть і надішліть акт з останніми показниками.</translation>
    </message>
    <message>
        <source>The payable consumption of metering point %1 is negative: its sub-consumers used %2 kWh, more than the point itself (%3 kWh). Check the readings; if they are right, contact your supplier.</source>
        <translation>Споживання до оплати точки обліку %1 відʼємне: її субспоживачі спожили %2 кВт·год, більше, ніж сама точка (%3 кВт·год). Перевірте показники; якщо вони правильні, зверніться до постачальника.</translation>
    </message>
    <message>
        <source>The consumption of metering point %1 (%2 kWh) is far from the average of recent periods (%3 kWh). Check the readings; if they are right, contact your supplier.</source>
        <translation>Споживання точки обліку %1 (%2 кВт·год) значно відрізняється від середнього за останні періоди (%3 кВт·год). Перевірте показники; якщо вони правильні, зверніться до постачальника.</translation>
    </message>
    <message>
        <source>Metering point %1 has no processed reading for %2 yet: the period can be calculated when all readings are in.</source>
        <translation>Точка обліку %1 ще не має обробленого показника за %2: розрахунок за період можливий, коли надійдуть усі показники.</translation>
    </message>
    <message>
        <source>A correction compares two calculations of the same account and period.</source>
        <translation>Коригування порівнює два розрахунки того самого особового рахунку за той самий період.</translation>
    </message>
    <message>
        <source>The ledger does not agree with its balances: the postings and the stored statement differ.</source>
        <translation>Облікові записи не узгоджуються із сальдо: проведення та збережена відомість розходяться.</translation>
    </message>
    <message>
        <source>A payment&apos;s amount must be greater than zero.</source>
        <translation>Сума платежу має бути більшою за нуль.</translation>
    </message>
    <message>
        <source>A payment cannot be dated after today: check the payment date.</source>
        <translation>Дата платежу не може бути пізнішою за сьогоднішню: перевірте дату платежу.</translation>
    </message>
    <message>
        <source>This bill run is not running, so there is nothing to cancel.</source>
        <translation>Цей масовий розрахунок не виконується, тож скасовувати нічого.</translation>
    </message>
    <message>
        <source>This bill run is already running.</source>
        <translation>Цей масовий розрахунок уже виконується.</translation>
    </message>
    <message>
        <source>This bill run has finished; start a new one to calculate again.</source>
        <translation>Цей масовий розрахунок завершено; щоб розрахувати знову, запустіть новий.</translation>
    </message>
    <message>
        <source>There is no such document.</source>
        <translation>Такого документа немає.</translation>
    </message>
    <message>
        <source>The dates are wrong: the start must not be after the end, and the range may cover at most 5 years.</source>
        <translation>Неправильні дати: початок не може бути пізніше за кінець, а діапазон не може перевищувати 5 років.</translation>
    </message>
    <message>
        <source>The document “%1” could not be made. Try again; if it happens again, tell the supplier&apos;s support.</source>
        <translation>Не вдалося сформувати документ «%1». Спробуйте ще раз; якщо помилка повториться, зверніться до служби підтримки постачальника.</translation>
    </message>
    <message>
        <source>This document has not been issued yet. Open it once so that the supplier issues it, then sign it.</source>
        <translation>Цей документ ще не сформовано. Спочатку відкрийте його, щоб постачальник його сформував, а потім підпишіть.</translation>
    </message>
    <message>
        <source>The signature was not accepted: checking it found a problem. The explanation says what is wrong and what to do.</source>
        <translation>Підпис не прийнято: під час перевірки виявлено проблему. У поясненні зазначено, що саме не так і що робити.</translation>
    </message>
    <message>
        <source>The signed file is not the document the supplier issued with signatures added to it. Download the document again and sign that file.</source>
        <translation>Підписаний файл не є документом, сформованим постачальником, до якого лише додано підписи. Завантажте документ ще раз і підпишіть саме цей файл.</translation>
    </message>
    <message>
        <source>The file has no new signature. Sign the document, then send it.</source>
        <translation>У файлі немає нового підпису. Підпишіть документ, а потім надішліть його.</translation>
    </message>
    <message>
        <source>An ASiC-S container needs a separate (CAdES) signature of the current document, and there is none. Download the ZIP instead.</source>
        <translation>Для контейнера ASiC-S потрібен окремий (CAdES) підпис поточної версії документа, а такого підпису немає. Завантажте натомість ZIP.</translation>
    </message>
    <message>
        <source>The readings act of this period is signed: its readings can no longer be changed. Contact the supplier if a reading is wrong.</source>
        <translation>Акт показників за цей період підписано: його показники більше не можна змінити. Якщо якийсь показник неправильний, зверніться до постачальника.</translation>
    </message>
    <message>
        <source>The file %1 cannot be read.</source>
        <translation>Не вдається прочитати файл %1.</translation>
    </message>
    <message>
        <source>The file is not a certificate, or the certificate is damaged.</source>
        <translation>Файл не є сертифікатом або сертифікат пошкоджено.</translation>
    </message>
    <message>
        <source>The file %1 is not a certificate revocation list (CRL), or it is damaged.</source>
        <translation>Файл %1 не є списком відкликаних сертифікатів (CRL) або його пошкоджено.</translation>
    </message>
    <message>
        <source>The password of the key file is incorrect. Check the keyboard layout and Caps Lock, and try again.</source>
        <translation>Неправильний пароль файлового ключа. Перевірте розкладку клавіатури та Caps Lock і спробуйте ще раз.</translation>
    </message>
    <message>
        <source>The file is not a key file (PKCS#12, .p12 or .pfx) with a private key and its certificate.</source>
        <translation>Файл не є файловим ключем (PKCS#12, .p12 або .pfx), що містить особистий ключ і його сертифікат.</translation>
    </message>
    <message>
        <source>This key (%1) cannot sign here: Oblik signs with RSA keys of at least 2048 bits and ECDSA P-256 keys. Ask your certification authority for a suitable key.</source>
        <translation>Цим ключем (%1) тут підписати не можна: програма Облік підписує ключами RSA довжиною щонайменше 2048 біт і ключами ECDSA P-256. Зверніться до свого центру сертифікації (КНЕДП), щоб отримати відповідний ключ.</translation>
    </message>
    <message>
        <source>The document could not be signed (%1).</source>
        <translation>Не вдалося підписати документ (%1).</translation>
    </message>
    <message>
        <source>The token&apos;s library %1 could not be loaded (%2). Check the path to the PKCS#11 library in the settings and that the token&apos;s driver is installed.</source>
        <translation>Не вдалося завантажити бібліотеку токена %1 (%2). Перевірте шлях до бібліотеки PKCS#11 у налаштуваннях і чи встановлено драйвер токена.</translation>
    </message>
    <message>
        <source>The token is not connected. Insert the token or smart card and try again.</source>
        <translation>Токен не підключено. Підключіть токен або вставте смарт-картку й спробуйте ще раз.</translation>
    </message>
    <message>
        <source>The token has no private key for this certificate (%1).</source>
        <translation>На токені немає особистого ключа для цього сертифіката (%1).</translation>
    </message>
    <message>
        <source>The PIN is incorrect. Check it and try again: after several wrong PINs the token locks.</source>
        <translation>Неправильний ПІН-код. Перевірте його й спробуйте ще раз: після кількох неправильних спроб токен буде заблоковано.</translation>
    </message>
    <message>
        <source>The token&apos;s PIN is locked after too many wrong attempts. Only the issuer of the token can unlock it: contact your certification authority.</source>
        <translation>ПІН-код токена заблоковано через забагато неправильних спроб. Розблокувати його може лише той, хто видав токен: зверніться до свого центру сертифікації (КНЕДП).</translation>
    </message>
    <message>
        <source>The token does not accept a PIN of this length or with these characters.</source>
        <translation>Токен не приймає ПІН-код такої довжини або з такими символами.</translation>
    </message>
    <message>
        <source>The token address %1 is not valid: %2.</source>
        <translation>Некоректна адреса токена %1: %2.</translation>
    </message>
    <message>
        <source>The signature file is not a CMS signature (.p7s), or it is damaged.</source>
        <translation>Файл підпису не є підписом CMS (.p7s) або його пошкоджено.</translation>
    </message>
    <message>
        <source>The existing signature was made over another document: a second signature can only be added over the same document.</source>
        <translation>Наявний підпис накладено на інший документ: другий підпис можна додати лише до того самого документа.</translation>
    </message>
</context>
<context>
    <name>oblik::client::AccountListModel</name>
    <message>
        <source>Account</source>
        <translation>Особовий рахунок</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Споживач</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адреса</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Договір</translation>
    </message>
    <message>
        <source>District office</source>
        <translation>РЕМ</translation>
    </message>
</context>
<context>
    <name>oblik::client::AccountOverview</name>
    <message>
        <source>Personal account %1</source>
        <translation>Особовий рахунок № %1</translation>
    </message>
    <message>
        <source>EDRPOU %1</source>
        <translation>ЄДРПОУ %1</translation>
    </message>
    <message>
        <source>IPN %1</source>
        <translation>ІПН %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>немає</translation>
    </message>
    <message>
        <source>tel. %1</source>
        <translation>тел. %1</translation>
    </message>
    <message numerus="yes">
        <source>%n meter(s)</source>
        <translation>
            <numerusform>%n лічильник</numerusform>
            <numerusform>%n лічильники</numerusform>
            <numerusform>%n лічильників</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cannot take readings (faulty or verification expired)</source>
        <translation>
            <numerusform>%n не приймає показники (несправний або минув строк повірки)</numerusform>
            <numerusform>%n не приймають показники (несправні або минув строк повірки)</numerusform>
            <numerusform>%n не приймають показники (несправні або минув строк повірки)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with verification due within 30 days</source>
        <translation>
            <numerusform>%n з повіркою протягом 30 днів</numerusform>
            <numerusform>%n з повіркою протягом 30 днів</numerusform>
            <numerusform>%n з повіркою протягом 30 днів</numerusform>
        </translation>
    </message>
    <message>
        <source>Tax id:</source>
        <translation>Податковий номер:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адреса:</translation>
    </message>
    <message>
        <source>District office:</source>
        <translation>РЕМ:</translation>
    </message>
    <message>
        <source>Supplier:</source>
        <translation>Постачальник:</translation>
    </message>
    <message>
        <source>Opened on:</source>
        <translation>Відкрито:</translation>
    </message>
    <message>
        <source>Contracts</source>
        <translation>Договори</translation>
    </message>
    <message>
        <source>Objects, metering points and meters</source>
        <translation>Обʼєкти, точки обліку та лічильники</translation>
    </message>
    <message>
        <source>Account %1, %2</source>
        <translation>Особовий рахунок %1, %2</translation>
    </message>
</context>
<context>
    <name>oblik::client::AccountPickerDialog</name>
    <message>
        <source>Choose a personal account</source>
        <translation>Виберіть особовий рахунок</translation>
    </message>
    <message>
        <source>Your login has access to several personal accounts. Choose the one to open; you can switch later with File ▸ Switch account.</source>
        <translation>Ваш логін має доступ до кількох особових рахунків. Виберіть, який відкрити; змінити його можна будь-коли через меню Файл ▸ Змінити особовий рахунок.</translation>
    </message>
    <message>
        <source>Filter by account number, consumer, address or contract</source>
        <translation>Пошук за номером рахунку, споживачем, адресою або договором</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Відкрити</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Повторити</translation>
    </message>
    <message>
        <source>Loading accounts…</source>
        <translation>Завантаження особових рахунків…</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n account(s) shown; type to search all</source>
        <translation>
            <numerusform>Показано %1 з %n рахунку; введіть текст, щоб шукати серед усіх</numerusform>
            <numerusform>Показано %1 з %n рахунків; введіть текст, щоб шукати серед усіх</numerusform>
            <numerusform>Показано %1 з %n рахунків; введіть текст, щоб шукати серед усіх</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n account(s)</source>
        <translation>
            <numerusform>%n особовий рахунок</numerusform>
            <numerusform>%n особові рахунки</numerusform>
            <numerusform>%n особових рахунків</numerusform>
        </translation>
    </message>
    <message>
        <source>Personal accounts</source>
        <translation>Особові рахунки</translation>
    </message>
</context>
<context>
    <name>oblik::client::AccountTreeModel</name>
    <message>
        <source>no readings yet</source>
        <translation>показників ще немає</translation>
    </message>
    <message>
        <source>A sub-consumer: its consumption is subtracted from this metering point&apos;s.</source>
        <translation>Субспоживач: його споживання віднімається від споживання цієї точки обліку.</translation>
    </message>
    <message>
        <source>The meter is faulty: its readings are not accepted.</source>
        <translation>Лічильник несправний: його показники не приймаються.</translation>
    </message>
    <message>
        <source>The verification was due on %1: readings are not accepted until the meter is verified.</source>
        <translation>Строк повірки минув %1: показники не приймаються, доки лічильник не пройде повірку.</translation>
    </message>
    <message numerus="yes">
        <source>The verification is due on %1 (in %n day(s)).</source>
        <translation>
            <numerusform>Строк повірки — %1 (через %n день).</numerusform>
            <numerusform>Строк повірки — %1 (через %n дні).</numerusform>
            <numerusform>Строк повірки — %1 (через %n днів).</numerusform>
        </translation>
    </message>
    <message>
        <source>The meter has been removed.</source>
        <translation>Лічильник знято.</translation>
    </message>
    <message>
        <source>Transformation ratio: consumption = difference of readings × ratio</source>
        <translation>Коефіцієнт трансформації: споживання = різниця показників × коефіцієнт</translation>
    </message>
    <message>
        <source>Digits before the decimal point on the meter&apos;s display</source>
        <translation>Розрядність: кількість цифр до коми на табло лічильника</translation>
    </message>
    <message>
        <source>Taken on %1</source>
        <translation>Знято %1</translation>
    </message>
    <message>
        <source>A: active energy, R: reactive energy, G: generation</source>
        <translation>A — активна енергія, R — реактивна енергія, G — генерація</translation>
    </message>
    <message>
        <source>The metering point this one is a sub-consumer of</source>
        <translation>Точка обліку, субспоживачем якої є ця</translation>
    </message>
    <message>
        <source>Transformation ratio</source>
        <translation>Коефіцієнт трансформації</translation>
    </message>
    <message>
        <source>Consumption of the last period, kWh</source>
        <translation>Споживання за останній період, кВт·год</translation>
    </message>
    <message>
        <source>Object / metering point / meter</source>
        <translation>Обʼєкт / точка обліку / лічильник</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип ТО</translation>
    </message>
    <message>
        <source>Voltage</source>
        <translation>Напруга</translation>
    </message>
    <message>
        <source>Sub-consumer of</source>
        <translation>Субспоживач ТО</translation>
    </message>
    <message>
        <source>Meter number</source>
        <translation>№ лічильника</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Тип лічильника</translation>
    </message>
    <message>
        <source>Digits</source>
        <translation>Розрядність</translation>
    </message>
    <message>
        <source>Decimals</source>
        <translation>Знаків після коми</translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation>Коеф. трансф.</translation>
    </message>
    <message>
        <source>Zones</source>
        <translation>Зони</translation>
    </message>
    <message>
        <source>Verification due</source>
        <translation>Строк повірки</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Стан</translation>
    </message>
    <message>
        <source>Consumption, kWh</source>
        <translation>Спожито, кВт·год</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>Лічильник</translation>
    </message>
    <message>
        <source>Digits after the decimal point on the meter&apos;s display</source>
        <translation>Кількість цифр після коми на табло лічильника</translation>
    </message>
    <message>
        <source>The period of the last reading</source>
        <translation>Період останнього показника</translation>
    </message>
    <message>
        <source>The last reading: what the meter&apos;s display showed</source>
        <translation>Останній показник: що показувало табло лічильника</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Період</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Показник</translation>
    </message>
</context>
<context>
    <name>oblik::client::ApiClient</name>
    <message>
        <source>A secure connection to the server could not be established.</source>
        <translation>Не вдалося встановити захищене зʼєднання із сервером.</translation>
    </message>
    <message>
        <source>The server address must start with https://.</source>
        <translation>Адреса сервера має починатися з https://.</translation>
    </message>
</context>
<context>
    <name>oblik::client::AppController</name>
    <message>
        <source>Your session has ended. Sign in again to continue; nothing you see is lost.</source>
        <translation>Ваш сеанс завершився. Увійдіть знову, щоб продовжити; нічого з того, що ви бачите, не втрачено.</translation>
    </message>
</context>
<context>
    <name>oblik::client::BillRunDialog</name>
    <message>
        <source>Bill run</source>
        <translation>Масовий розрахунок</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Період:</translation>
    </message>
    <message>
        <source>District %1 (%2)</source>
        <translation>Район %1 (%2)</translation>
    </message>
    <message>
        <source>All districts of the supplier</source>
        <translation>Усі райони постачальника</translation>
    </message>
    <message>
        <source>Accounts of:</source>
        <translation>Особові рахунки:</translation>
    </message>
    <message>
        <source>Not started.</source>
        <translation>Не запущено.</translation>
    </message>
    <message>
        <source>Accounts that failed</source>
        <translation>Особові рахунки з помилками</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Запустити</translation>
    </message>
    <message>
        <source>C&amp;ancel the run</source>
        <translation>&amp;Скасувати розрахунок</translation>
    </message>
    <message>
        <source>R&amp;esume</source>
        <translation>П&amp;родовжити</translation>
    </message>
    <message>
        <source>Starting the bill run…</source>
        <translation>Запуск масового розрахунку…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Скасування…</translation>
    </message>
    <message>
        <source>Resuming…</source>
        <translation>Продовження…</translation>
    </message>
    <message>
        <source>The server did not answer as expected: %1</source>
        <translation>Сервер відповів не так, як очікувалося: %1</translation>
    </message>
    <message>
        <source>%1: %2 of %3 accounts done, %4 failed.</source>
        <translation>%1: оброблено %2 з %3 особових рахунків, з помилкою — %4.</translation>
    </message>
    <message>
        <source>Bill run: accounts not billed</source>
        <translation>Формування рахунків: особові рахунки без рахунку</translation>
    </message>
    <message>
        <source>&amp;Run:</source>
        <translation>&amp;Вид:</translation>
    </message>
    <message>
        <source>Starting the planned advances…</source>
        <translation>Запуск формування планових авансів…</translation>
    </message>
    <message>
        <source>Planned advances issued: %1.</source>
        <translation>Сформовано планових авансів: %1.</translation>
    </message>
    <message>
        <source>Invoices issued: %1, postings: %2.</source>
        <translation>Сформовано рахунків: %1, проведень: %2.</translation>
    </message>
    <message>
        <source>Calculation: invoices and charges for a closed period from its readings.
Planned advances: an advance invoice for the coming period to every account of a contract with a contracted monthly energy that has none yet (the average energy of its last three billed months at the tariff); nothing is charged.</source>
        <translation>Розрахунок: рахунки й нарахування за закритий період за його показниками.
Аванси планові: рахунок на аванс за наступний період кожному особовому рахунку договору з договірним місячним обсягом, який його ще не має (середній обсяг трьох останніх розрахованих місяців за тарифом); нічого не нараховується.</translation>
    </message>
</context>
<context>
    <name>oblik::client::BillRunFailureModel</name>
    <message>
        <source>Account</source>
        <translation>Особовий рахунок</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
</context>
<context>
    <name>oblik::client::BillingController</name>
    <message>
        <source>Balance</source>
        <translation>Сальдо</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>Рахунки</translation>
    </message>
    <message>
        <source>Tax invoices</source>
        <translation>Податкові накладні</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Платежі</translation>
    </message>
    <message>
        <source>Turnover statement</source>
        <translation>Оборотно-сальдова відомість</translation>
    </message>
    <message>
        <source>Tariffs and limits</source>
        <translation>Тарифи та ліміти</translation>
    </message>
    <message>
        <source>Saldo by article</source>
        <translation>Сальдо за статтями</translation>
    </message>
    <message>
        <source>Unpaid invoices</source>
        <translation>Неоплачені рахунки</translation>
    </message>
    <message>
        <source>Nothing charged and nothing paid yet: the balance is zero.</source>
        <translation>Ще нічого не нараховано й не оплачено: сальдо нульове.</translation>
    </message>
    <message>
        <source>No invoices yet. Invoices appear here once a period is calculated.</source>
        <translation>Рахунків ще немає. Вони з’являться тут після розрахунку періоду.</translation>
    </message>
    <message>
        <source>No tax invoices yet.</source>
        <translation>Податкових накладних ще немає.</translation>
    </message>
    <message>
        <source>No payments registered yet.</source>
        <translation>Ще не зареєстровано жодного платежу.</translation>
    </message>
    <message>
        <source>No turnover statement for this period.</source>
        <translation>Оборотно-сальдової відомості за цей період немає.</translation>
    </message>
    <message>
        <source>Tariffs and parameters in force over time</source>
        <translation>Тарифи та параметри, чинні в різні періоди</translation>
    </message>
    <message>
        <source>Contracted limits</source>
        <translation>Договірні ліміти</translation>
    </message>
    <message>
        <source>No tariffs are known for this account yet.</source>
        <translation>Для цього особового рахунку ще немає відомостей про тарифи.</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Період:</translation>
    </message>
    <message>
        <source>&amp;Details…</source>
        <translation>&amp;Докладно…</translation>
    </message>
    <message>
        <source>&amp;Calculate…</source>
        <translation>&amp;Розрахувати…</translation>
    </message>
    <message>
        <source>&amp;Register payment…</source>
        <translation>&amp;Зареєструвати платіж…</translation>
    </message>
    <message>
        <source>&amp;Bill run…</source>
        <translation>&amp;Масовий розрахунок…</translation>
    </message>
    <message>
        <source>Open an account first.</source>
        <translation>Спочатку відкрийте особовий рахунок.</translation>
    </message>
    <message>
        <source>Your contract does not allow calculating by yourself: the supplier calculates this account.</source>
        <translation>Ваш договір не передбачає самостійного розрахунку: цей особовий рахунок розраховує постачальник.</translation>
    </message>
    <message>
        <source>Owed on the account: &lt;b&gt;%1 UAH&lt;/b&gt;</source>
        <translation>Заборгованість за особовим рахунком: &lt;b&gt;%1 грн&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Overpaid (credit on the account): &lt;b&gt;%1 UAH&lt;/b&gt;</source>
        <translation>Переплата (кредит на особовому рахунку): &lt;b&gt;%1 грн&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Nothing is owed on the account.</source>
        <translation>Заборгованості за особовим рахунком немає.</translation>
    </message>
    <message numerus="yes">
        <source>Left to pay on %n invoice(s): &lt;b&gt;%1 UAH&lt;/b&gt;</source>
        <translation>
            <numerusform>До сплати за %n рахунком: &lt;b&gt;%1 грн&lt;/b&gt;</numerusform>
            <numerusform>До сплати за %n рахунками: &lt;b&gt;%1 грн&lt;/b&gt;</numerusform>
            <numerusform>До сплати за %n рахунками: &lt;b&gt;%1 грн&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>The payment of %1 UAH was registered.</source>
        <translation>Платіж на суму %1 грн зареєстровано.</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Документи</translation>
    </message>
    <message>
        <source>Account %1, %2</source>
        <translation>Особовий рахунок %1, %2</translation>
    </message>
    <message>
        <source>No documents yet. Invoice packages, tax invoices and readings acts appear here once issued.</source>
        <translation>Документів ще немає. Пакети рахунків, податкові накладні та акти показників з’являться тут після їх видачі.</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Відкрити</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>&amp;Зберегти…</translation>
    </message>
    <message>
        <source>Document &amp;language:</source>
        <translation>&amp;Мова документа:</translation>
    </message>
    <message>
        <source>The language documents are printed in</source>
        <translation>Мова, якою друкуються документи</translation>
    </message>
    <message>
        <source>&amp;Open tax invoice</source>
        <translation>Відкрити &amp;податкову накладну</translation>
    </message>
    <message>
        <source>&amp;Print statement…</source>
        <translation>&amp;Друкувати відомість…</translation>
    </message>
    <message>
        <source>Opens the turnover statement of the period as a document to print or save</source>
        <translation>Відкриває оборотно-сальдову відомість за період як документ для друку або збереження</translation>
    </message>
    <message>
        <source>Payment &amp;history…</source>
        <translation>&amp;Історія платежів…</translation>
    </message>
    <message>
        <source>This kind of document cannot be opened by this version of Oblik.</source>
        <translation>Ця версія Oblik не може відкрити документ такого виду.</translation>
    </message>
    <message>
        <source>Invoice package %1</source>
        <translation>Пакет рахунку %1</translation>
    </message>
    <message>
        <source>Tax invoice %1</source>
        <translation>Податкова накладна %1</translation>
    </message>
    <message>
        <source>Turnover statement for %1, account %2</source>
        <translation>Оборотно-сальдова відомість за %1, особовий рахунок %2</translation>
    </message>
    <message>
        <source>Payment history %1 – %2, account %3</source>
        <translation>Історія платежів %1 – %2, особовий рахунок %3</translation>
    </message>
    <message>
        <source>Readings act for %1 (blank), account %2</source>
        <translation>Акт показників за %1 (бланк), особовий рахунок %2</translation>
    </message>
    <message>
        <source>Readings act for %1, account %2</source>
        <translation>Акт показників за %1, особовий рахунок %2</translation>
    </message>
    <message>
        <source>Payment history</source>
        <translation>Історія платежів</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;З:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;По:</translation>
    </message>
    <message>
        <source>The payments of account %1 between two dates, as a document to print or save.</source>
        <translation>Платежі за особовим рахунком %1 між двома датами як документ для друку або збереження.</translation>
    </message>
    <message>
        <source>The start date is after the end date.</source>
        <translation>Дата початку пізніша за дату закінчення.</translation>
    </message>
    <message>
        <source>At most five years at a time.</source>
        <translation>Не більше ніж п’ять років за один раз.</translation>
    </message>
    <message>
        <source>Save document</source>
        <translation>Зберегти документ</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Документи PDF (*.pdf)</translation>
    </message>
    <message>
        <source>This kind of document cannot be saved by this version of Oblik.</source>
        <translation>Ця версія Oblik не може зберегти документ такого виду.</translation>
    </message>
    <message>
        <source>Downloading the document…</source>
        <translation>Завантаження документа…</translation>
    </message>
    <message>
        <source>The document could not be downloaded: %1</source>
        <translation>Не вдалося завантажити документ: %1</translation>
    </message>
    <message>
        <source>The file %1 could not be written: %2</source>
        <translation>Не вдалося записати файл %1: %2</translation>
    </message>
    <message>
        <source>Saved to %1 (the copy saved on this computer on %2).</source>
        <translation>Збережено в %1 (копія, збережена на цьому комп’ютері %2).</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Збережено в %1.</translation>
    </message>
    <message>
        <source>Si&amp;gn…</source>
        <translation>Підпи&amp;сати…</translation>
    </message>
    <message>
        <source>Sign the selected documents with your token, smart card or key file</source>
        <translation>Підписати вибрані документи за допомогою токена, смарт-картки або файлового ключа</translation>
    </message>
    <message>
        <source>Signa&amp;tures…</source>
        <translation>Підпис&amp;и…</translation>
    </message>
    <message>
        <source>Who signed the document, checked on this computer</source>
        <translation>Хто підписав документ (перевірено на цьому комп’ютері)</translation>
    </message>
    <message>
        <source>Save with signatures…</source>
        <translation>Зберегти з підписами…</translation>
    </message>
    <message>
        <source>The document with its signatures as a ZIP or ASiC-S container</source>
        <translation>Документ разом із підписами у вигляді ZIP або контейнера ASiC-S</translation>
    </message>
    <message>
        <source>The supplier rejected your signature: %1</source>
        <translation>Постачальник відхилив ваш підпис: %1</translation>
    </message>
    <message>
        <source>Your signature was received by the supplier.</source>
        <translation>Постачальник отримав ваш підпис.</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s)</source>
        <translation>
            <numerusform>%n документ</numerusform>
            <numerusform>%n документи</numerusform>
            <numerusform>%n документів</numerusform>
        </translation>
    </message>
    <message>
        <source>Signing</source>
        <translation>Підписання</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>Підготовка…</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled. %n document(s) signed before that.</source>
        <translation>
            <numerusform>Скасовано. До цього підписано %n документ.</numerusform>
            <numerusform>Скасовано. До цього підписано %n документи.</numerusform>
            <numerusform>Скасовано. До цього підписано %n документів.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) signed; the signatures are being sent to the supplier.</source>
        <translation>
            <numerusform>Підписано %n документ; підписи надсилаються постачальнику.</numerusform>
            <numerusform>Підписано %n документи; підписи надсилаються постачальнику.</numerusform>
            <numerusform>Підписано %n документів; підписи надсилаються постачальнику.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not signed:</source>
        <translation>Не підписано:</translation>
    </message>
    <message>
        <source>Getting the document…</source>
        <translation>Отримання документа…</translation>
    </message>
    <message>
        <source>ZIP with the signatures (*.zip)</source>
        <translation>ZIP із підписами (*.zip)</translation>
    </message>
    <message>
        <source>ASiC-S container (*.asics)</source>
        <translation>Контейнер ASiC-S (*.asics)</translation>
    </message>
    <message>
        <source>Save with signatures</source>
        <translation>Зберегти з підписами</translation>
    </message>
    <message>
        <source>Downloading the document with its signatures…</source>
        <translation>Завантаження документа з підписами…</translation>
    </message>
    <message>
        <source>No ASiC-S container can be made: no detached (CAdES) signature covers the current document. Save it as a ZIP instead.</source>
        <translation>Не вдається створити контейнер ASiC-S: жоден відокремлений (CAdES) підпис не стосується поточної версії документа. Збережіть документ натомість як ZIP.</translation>
    </message>
    <message>
        <source>The package could not be downloaded: %1</source>
        <translation>Не вдалося завантажити пакет: %1</translation>
    </message>
    <message>
        <source>Ser&amp;vices invoice…</source>
        <translation>Рахунок за &amp;послуги…</translation>
    </message>
    <message>
        <source>An invoice for services to this account: meter replacement, reconnection and the like</source>
        <translation>Рахунок за послуги на цей особовий рахунок: заміна лічильника, повторне підключення тощо</translation>
    </message>
    <message>
        <source>Services invoice %1 of %2 UAH was issued.</source>
        <translation>Сформовано рахунок за послуги %1 на суму %2 грн.</translation>
    </message>
</context>
<context>
    <name>oblik::client::BillingPage</name>
    <message>
        <source>&amp;Retry</source>
        <translation>Повт&amp;орити</translation>
    </message>
    <message>
        <source>As of %1 (saved on this computer). %2</source>
        <translation>Станом на %1 (збережено на цьому комп’ютері). %2</translation>
    </message>
    <message>
        <source>As of %1 (saved on this computer); updating…</source>
        <translation>Станом на %1 (збережено на цьому комп’ютері); оновлення…</translation>
    </message>
    <message>
        <source>As of %1 (saved on this computer).</source>
        <translation>Станом на %1 (збережено на цьому комп’ютері).</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Завантаження…</translation>
    </message>
    <message>
        <source>Nothing to show: the data could not be loaded and none was saved on this computer.</source>
        <translation>Немає даних для показу: їх не вдалося завантажити, а на цьому комп’ютері нічого не збережено.</translation>
    </message>
    <message>
        <source>Export / Print</source>
        <translation>Експорт / Друк</translation>
    </message>
</context>
<context>
    <name>oblik::client::CalculateDialog</name>
    <message>
        <source>Calculate account %1</source>
        <translation>Розрахунок особового рахунку %1</translation>
    </message>
    <message>
        <source>The calculation uses the processed readings of the period and the supplier&apos;s tariffs in force then. Calculating a period again issues only the difference, as a correction invoice.</source>
        <translation>Розрахунок виконується за обробленими показниками періоду й чинними на той час тарифами постачальника. Повторний розрахунок періоду виставляє лише різницю — коригувальним рахунком.</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Період:</translation>
    </message>
    <message>
        <source>&amp;Calculate</source>
        <translation>&amp;Розрахувати</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>Повт&amp;орити</translation>
    </message>
    <message>
        <source>Calculating %1…</source>
        <translation>Розрахунок %1…</translation>
    </message>
    <message>
        <source>The period was not calculated. %1</source>
        <translation>Період не розраховано. %1</translation>
    </message>
    <message>
        <source>Nothing changed: the period was already calculated with the same readings and tariffs, so no invoice was issued.</source>
        <translation>Нічого не змінилося: період уже розраховано з тими самими показниками й тарифами, тому рахунок не виставлено.</translation>
    </message>
    <message>
        <source>Invoice %1 (%2): %3 UAH, pay by %4</source>
        <translation>Рахунок %1 (%2): %3 грн, сплатити до %4</translation>
    </message>
    <message>
        <source>Correction invoice %1 (%2): %3 UAH</source>
        <translation>Коригувальний рахунок %1 (%2): %3 грн</translation>
    </message>
    <message>
        <source>Calculated. Issued:</source>
        <translation>Розраховано. Виставлено:</translation>
    </message>
</context>
<context>
    <name>oblik::client::CertificatePanel</name>
    <message>
        <source>unknown</source>
        <translation>невідомо</translation>
    </message>
    <message>
        <source>from %1 to %2</source>
        <translation>з %1 по %2</translation>
    </message>
    <message>
        <source>Certificate not trusted</source>
        <translation>Сертифікат не є довіреним</translation>
    </message>
    <message>
        <source>The server presented a certificate that this computer does not trust. If it is a self-signed certificate of your organisation&apos;s server, compare the fingerprint with the one your administrator gives you, and trust it only if they are the same.</source>
        <translation>Сервер надав сертифікат, якому цей компʼютер не довіряє. Якщо це самопідписаний сертифікат сервера вашої організації, звірте його відбиток із тим, який повідомить адміністратор, і довіряйте сертифікату лише тоді, коли вони збігаються.</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>Відбиток SHA-256:</translation>
    </message>
    <message>
        <source>Issued to:</source>
        <translation>Кому видано:</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>Ким видано:</translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation>Дійсний:</translation>
    </message>
    <message>
        <source>&amp;Trust this certificate</source>
        <translation>&amp;Довіряти цьому сертифікату</translation>
    </message>
</context>
<context>
    <name>oblik::client::ClerkDecisionDialog</name>
    <message>
        <source>Reason: give the reason for the rejection; the consumer will read it.</source>
        <translation>Причина: вкажіть причину відхилення; споживач її побачить.</translation>
    </message>
    <message numerus="yes">
        <source>Override the range check: %n of the selected readings are outside the usual range. Tick “Override the range check” and give a reason, or leave them out of the selection.</source>
        <translation>
            <numerusform>Ігнорувати перевірку діапазону: %n з вибраних показників поза звичайним діапазоном. Позначте «Ігнорувати перевірку діапазону» й вкажіть причину або виключіть їх із вибору.</numerusform>
            <numerusform>Ігнорувати перевірку діапазону: %n з вибраних показників поза звичайним діапазоном. Позначте «Ігнорувати перевірку діапазону» й вкажіть причину або виключіть їх із вибору.</numerusform>
            <numerusform>Ігнорувати перевірку діапазону: %n з вибраних показників поза звичайним діапазоном. Позначте «Ігнорувати перевірку діапазону» й вкажіть причину або виключіть їх із вибору.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reason: give the reason for overriding the range check; it is recorded with the reading.</source>
        <translation>Причина: вкажіть, чому ігнорується перевірка діапазону; її буде збережено разом із показником.</translation>
    </message>
    <message>
        <source>Accept readings</source>
        <translation>Прийняти показники</translation>
    </message>
    <message>
        <source>Reject readings</source>
        <translation>Відхилити показники</translation>
    </message>
    <message numerus="yes">
        <source>Accept %n selected reading(s) for calculation.</source>
        <translation>
            <numerusform>Прийняти %n вибраний показник для розрахунку.</numerusform>
            <numerusform>Прийняти %n вибрані показники для розрахунку.</numerusform>
            <numerusform>Прийняти %n вибраних показників для розрахунку.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reject %n selected reading(s). The consumer sees the reason at the next synchronization.</source>
        <translation>
            <numerusform>Відхилити %n вибраний показник. Споживач побачить причину під час наступної синхронізації.</numerusform>
            <numerusform>Відхилити %n вибрані показники. Споживач побачить причину під час наступної синхронізації.</numerusform>
            <numerusform>Відхилити %n вибраних показників. Споживач побачить причину під час наступної синхронізації.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them are outside the usual range (below half or above four times the average of the last 12 closed periods).</source>
        <translation>
            <numerusform>%n з них поза звичайним діапазоном (менше половини або більше ніж учетверо перевищує середнє за останні 12 закритих періодів).</numerusform>
            <numerusform>%n з них поза звичайним діапазоном (менше половини або більше ніж учетверо перевищує середнє за останні 12 закритих періодів).</numerusform>
            <numerusform>%n з них поза звичайним діапазоном (менше половини або більше ніж учетверо перевищує середнє за останні 12 закритих періодів).</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Override the range check</source>
        <translation>&amp;Ігнорувати перевірку діапазону</translation>
    </message>
    <message>
        <source>&amp;Reason (required when overriding):</source>
        <translation>При&amp;чина (обовʼязково, якщо перевірку ігноровано):</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>При&amp;чина:</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Прийняти</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>&amp;Відхилити</translation>
    </message>
</context>
<context>
    <name>oblik::client::ClerkQueueModel</name>
    <message>
        <source>Draft</source>
        <translation>Чернетка</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Передано</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Оброблено</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Відхилено</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Прийнято</translation>
    </message>
    <message>
        <source>Not changed</source>
        <translation>Без змін</translation>
    </message>
    <message>
        <source>Outside the usual range</source>
        <translation>Поза звичайним діапазоном</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Відхилено: %1</translation>
    </message>
    <message>
        <source>Processed (range overridden: %1)</source>
        <translation>Оброблено (перевірку діапазону ігноровано: %1)</translation>
    </message>
    <message>
        <source>The consumption is below half or above four times the average of the last 12 closed periods. Accepting it needs “override the range check” and a reason.</source>
        <translation>Споживання менше половини або більш ніж учетверо перевищує середнє за останні 12 закритих періодів. Щоб прийняти його, позначте «ігнорувати перевірку діапазону» й вкажіть причину.</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Особовий рахунок</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Споживач</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>Лічильник</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Період</translation>
    </message>
    <message>
        <source>Taken on</source>
        <translation>Дата зняття</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Попередній</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значення</translation>
    </message>
    <message>
        <source>Consumption, kWh</source>
        <translation>Споживання, кВт·год</translation>
    </message>
    <message>
        <source>Range check</source>
        <translation>Перевірка діапазону</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Стан</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
</context>
<context>
    <name>oblik::client::ClerkWorkspace</name>
    <message>
        <source>Submitted</source>
        <translation>Передано</translation>
    </message>
    <message>
        <source>Ready (saved, not submitted)</source>
        <translation>Готово (збережено, не передано)</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Відхилено</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Оброблено</translation>
    </message>
    <message>
        <source>Any state</source>
        <translation>Будь-який стан</translation>
    </message>
    <message>
        <source>All periods</source>
        <translation>Усі періоди</translation>
    </message>
    <message>
        <source>&amp;State:</source>
        <translation>&amp;Стан:</translation>
    </message>
    <message>
        <source>&amp;Consumer:</source>
        <translation>С&amp;поживач:</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>П&amp;еріод:</translation>
    </message>
    <message>
        <source>Account number or consumer name</source>
        <translation>Номер особового рахунку або назва споживача</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Оновити</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Повторити</translation>
    </message>
    <message>
        <source>&amp;Accept…</source>
        <translation>Прий&amp;няти…</translation>
    </message>
    <message>
        <source>Re&amp;ject…</source>
        <translation>&amp;Відхилити…</translation>
    </message>
    <message>
        <source>Replace &amp;meter…</source>
        <translation>Замінити &amp;лічильник…</translation>
    </message>
    <message>
        <source>Load &amp;more</source>
        <translation>Завантажити &amp;ще</translation>
    </message>
    <message>
        <source>Loading the readings queue…</source>
        <translation>Завантаження черги показників…</translation>
    </message>
    <message>
        <source>The decision could not be sent: %1 Retry sends the same decision again; it is never applied twice.</source>
        <translation>Не вдалося надіслати рішення: %1 Кнопка «Повторити» надсилає те саме рішення ще раз; двічі воно не застосовується.</translation>
    </message>
    <message>
        <source>The server refused the decision: %1</source>
        <translation>Сервер не прийняв рішення: %1</translation>
    </message>
    <message>
        <source>The readings queue could not be loaded: %1</source>
        <translation>Не вдалося завантажити чергу показників: %1</translation>
    </message>
    <message>
        <source>No readings match the filters.</source>
        <translation>Немає показників, що відповідають фільтрам.</translation>
    </message>
    <message>
        <source>%1 of %2 readings shown</source>
        <translation>Показано %1 з %2 показників</translation>
    </message>
    <message>
        <source>Sending the decision…</source>
        <translation>Надсилання рішення…</translation>
    </message>
    <message numerus="yes">
        <source>%n reading(s) decided.</source>
        <translation>
            <numerusform>Рішення ухвалено щодо %n показника.</numerusform>
            <numerusform>Рішення ухвалено щодо %n показників.</numerusform>
            <numerusform>Рішення ухвалено щодо %n показників.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n reading(s) decided; </source>
        <translation>
            <numerusform>Рішення ухвалено щодо %n показника; </numerusform>
            <numerusform>Рішення ухвалено щодо %n показників; </numerusform>
            <numerusform>Рішення ухвалено щодо %n показників; </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused: the Result column says why.</source>
        <translation>
            <numerusform>%n відхилено сервером: причину наведено в стовпці «Результат».</numerusform>
            <numerusform>%n відхилено сервером: причину наведено в стовпці «Результат».</numerusform>
            <numerusform>%n відхилено сервером: причину наведено в стовпці «Результат».</numerusform>
        </translation>
    </message>
    <message>
        <source>The meter was replaced; the new meter %1 takes the readings from now on.</source>
        <translation>Лічильник замінено; відтепер показники приймаються з нового лічильника %1.</translation>
    </message>
    <message>
        <source>State: %1; period: %2; consumer: %3; %4 of %5 readings</source>
        <translation>Стан: %1; період: %2; споживач: %3; показників: %4 з %5</translation>
    </message>
    <message>
        <source>any</source>
        <translation>будь-який</translation>
    </message>
    <message>
        <source>Readings queue</source>
        <translation>Черга показників</translation>
    </message>
</context>
<context>
    <name>oblik::client::ContractListModel</name>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n робочий день</numerusform>
            <numerusform>%n робочі дні</numerusform>
            <numerusform>%n робочих днів</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Readings are accepted from day %1 of the month for %n working day(s).</source>
        <translation>
            <numerusform>Показники приймаються з %1-го числа місяця протягом %n робочого дня.</numerusform>
            <numerusform>Показники приймаються з %1-го числа місяця протягом %n робочих днів.</numerusform>
            <numerusform>Показники приймаються з %1-го числа місяця протягом %n робочих днів.</numerusform>
        </translation>
    </message>
    <message>
        <source>The readings act must be signed before the calculation.</source>
        <translation>Акт показників потрібно підписати до розрахунку.</translation>
    </message>
    <message>
        <source>No signed readings act is needed before the calculation.</source>
        <translation>Підписаний акт показників до розрахунку не потрібен.</translation>
    </message>
    <message>
        <source>The consumer may run the calculation itself.</source>
        <translation>Споживач може виконувати розрахунок самостійно.</translation>
    </message>
    <message>
        <source>The district office runs the calculation.</source>
        <translation>Розрахунок виконує РЕМ.</translation>
    </message>
    <message>
        <source>How long the readings window stays open after the billing day</source>
        <translation>Скільки триває період прийому показників після розрахункового дня</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Договір</translation>
    </message>
    <message>
        <source>Signed on</source>
        <translation>Дата укладення</translation>
    </message>
    <message>
        <source>Consumer class</source>
        <translation>Клас споживача</translation>
    </message>
    <message>
        <source>Billing day</source>
        <translation>Розрахунковий день</translation>
    </message>
    <message>
        <source>Readings window</source>
        <translation>Прийом показників</translation>
    </message>
    <message>
        <source>Signed act required</source>
        <translation>Потрібен підписаний акт</translation>
    </message>
    <message>
        <source>Self-calculation</source>
        <translation>Самостійний розрахунок</translation>
    </message>
    <message>
        <source>Class 1 (35 kV and above)</source>
        <translation>1 клас (35 кВ і вище)</translation>
    </message>
    <message>
        <source>Class 2 (below 35 kV)</source>
        <translation>2 клас (нижче 35 кВ)</translation>
    </message>
</context>
<context>
    <name>oblik::client::CsvTableWriter</name>
    <message>
        <source>Could not save %1: %2.</source>
        <translation>Не вдалося зберегти %1: %2.</translation>
    </message>
</context>
<context>
    <name>oblik::client::DocumentListModel</name>
    <message>
        <source>Type</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Період</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сума</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Підпис</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Збережено</translation>
    </message>
    <message>
        <source>Invoice package</source>
        <translation>Пакет рахунку</translation>
    </message>
    <message>
        <source>Tax invoice</source>
        <translation>Податкова накладна</translation>
    </message>
    <message>
        <source>Readings act</source>
        <translation>Акт показників</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Так</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Ні</translation>
    </message>
    <message>
        <source>The server keeps the issued copy byte for byte.</source>
        <translation>Сервер зберігає виданий примірник байт у байт.</translation>
    </message>
    <message>
        <source>Rendered when it is opened.</source>
        <translation>Формується під час відкриття.</translation>
    </message>
</context>
<context>
    <name>oblik::client::DocumentOpener</name>
    <message>
        <source>Checking for a newer copy…</source>
        <translation>Перевірка наявності новішої копії…</translation>
    </message>
    <message>
        <source>Downloading the document…</source>
        <translation>Завантаження документа…</translation>
    </message>
</context>
<context>
    <name>oblik::client::DocumentViewer</name>
    <message>
        <source>The document could not be opened: the file is not a readable PDF.</source>
        <translation>Не вдалося відкрити документ: файл не є коректним PDF.</translation>
    </message>
    <message>
        <source>The document could not be opened: it is protected by a password.</source>
        <translation>Не вдалося відкрити документ: його захищено паролем.</translation>
    </message>
    <message>
        <source>The document could not be opened.</source>
        <translation>Не вдалося відкрити документ.</translation>
    </message>
    <message>
        <source>As of %1 (saved on this computer). %2</source>
        <translation>Станом на %1 (збережено на цьому комп’ютері). %2</translation>
    </message>
    <message>
        <source>As of %1 (saved on this computer).</source>
        <translation>Станом на %1 (збережено на цьому комп’ютері).</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>з %1</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Не знайдено</translation>
    </message>
    <message>
        <source>%1 of %2 found</source>
        <translation>%1 з %2</translation>
    </message>
    <message>
        <source>The file %1 could not be written: %2</source>
        <translation>Не вдалося записати файл %1: %2</translation>
    </message>
    <message>
        <source>Save document</source>
        <translation>Зберегти документ</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Документи PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Збережено в %1.</translation>
    </message>
    <message>
        <source>Print %1</source>
        <translation>Друк: %1</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Попередня сторінка</translation>
    </message>
    <message>
        <source>Previous page (%1)</source>
        <translation>Попередня сторінка (%1)</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Наступна сторінка</translation>
    </message>
    <message>
        <source>Next page (%1)</source>
        <translation>Наступна сторінка (%1)</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Сторінка</translation>
    </message>
    <message>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <source>Zoom out (%1)</source>
        <translation>Зменшити (%1)</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Zoom in (%1)</source>
        <translation>Збільшити (%1)</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>За шириною</translation>
    </message>
    <message>
        <source>Fit page</source>
        <translation>Сторінка повністю</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Знайти…</translation>
    </message>
    <message>
        <source>Find text in the document (%1)</source>
        <translation>Знайти текст у документі (%1)</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Друкувати…</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Зберегти як…</translation>
    </message>
    <message>
        <source>Document &amp;language:</source>
        <translation>&amp;Мова документа:</translation>
    </message>
    <message>
        <source>The language the document is printed in</source>
        <translation>Мова, якою друкується документ</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Повторити</translation>
    </message>
    <message>
        <source>Fi&amp;nd:</source>
        <translation>З&amp;найти:</translation>
    </message>
    <message>
        <source>Text to find</source>
        <translation>Текст для пошуку</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>Попередній збіг (Shift+F3)</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>Наступний збіг (F3)</translation>
    </message>
    <message>
        <source>Close the find bar (Esc)</source>
        <translation>Закрити панель пошуку (Esc)</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>Підписи</translation>
    </message>
    <message>
        <source>Show the signatures of the document, checked on this computer</source>
        <translation>Показати підписи документа, перевірені на цьому комп’ютері</translation>
    </message>
    <message>
        <source>Sign…</source>
        <translation>Підписати…</translation>
    </message>
    <message>
        <source>Save with signatures…</source>
        <translation>Зберегти з підписами…</translation>
    </message>
</context>
<context>
    <name>oblik::client::HistoryView</name>
    <message>
        <source>Object, metering point, meter</source>
        <translation>Обʼєкт, точка обліку, лічильник</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Період</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Показник</translation>
    </message>
    <message>
        <source>Consumption, kWh</source>
        <translation>Споживання, кВт·год</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Стан</translation>
    </message>
    <message>
        <source>%1 — meter %2, %3</source>
        <translation>%1 — лічильник %2, %3</translation>
    </message>
    <message>
        <source>%1 — replaced meter (register %2)</source>
        <translation>%1 — замінений лічильник (регістр %2)</translation>
    </message>
    <message>
        <source>Metering point %1</source>
        <translation>Точка обліку %1</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Інше</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Відхилено: %1</translation>
    </message>
    <message>
        <source>From</source>
        <translation>З</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Показати</translation>
    </message>
    <message>
        <source>Account %1, %2; %3 to %4</source>
        <translation>Особовий рахунок %1, %2; з %3 по %4</translation>
    </message>
    <message>
        <source>Readings history %1</source>
        <translation>Історія показників %1</translation>
    </message>
    <message>
        <source>Readings history</source>
        <translation>Історія показників</translation>
    </message>
</context>
<context>
    <name>oblik::client::InvoiceDialog</name>
    <message>
        <source>Invoice %1</source>
        <translation>Рахунок %1</translation>
    </message>
    <message>
        <source>This invoice has no lines.</source>
        <translation>Цей рахунок не містить рядків.</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Період</translation>
    </message>
    <message>
        <source>Formed</source>
        <translation>Сформовано</translation>
    </message>
    <message>
        <source>Pay by</source>
        <translation>Сплатити до</translation>
    </message>
    <message>
        <source>Without VAT</source>
        <translation>Без ПДВ</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>ПДВ</translation>
    </message>
    <message>
        <source>Amount with VAT</source>
        <translation>Сума з ПДВ</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Оплачено</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Залишок</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Підпис</translation>
    </message>
    <message>
        <source>The invoice could not be loaded: %1</source>
        <translation>Не вдалося завантажити рахунок: %1</translation>
    </message>
    <message>
        <source>Invoice %1 of %2, period %3</source>
        <translation>Рахунок № %1 від %2, період %3</translation>
    </message>
    <message>
        <source>Invoice &amp;package</source>
        <translation>&amp;Пакет рахунку</translation>
    </message>
    <message>
        <source>The invoice with its breakdown and acts as a document to print or save</source>
        <translation>Рахунок із розшифровкою нарахувань та актами як документ для друку або збереження</translation>
    </message>
</context>
<context>
    <name>oblik::client::InvoiceLineModel</name>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Кількість</translation>
    </message>
    <message>
        <source>Tariff, UAH</source>
        <translation>Тариф, грн</translation>
    </message>
    <message>
        <source>Coefficient</source>
        <translation>Коефіцієнт</translation>
    </message>
    <message>
        <source>Without VAT</source>
        <translation>Без ПДВ</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>ПДВ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сума</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Усього</translation>
    </message>
    <message>
        <source>%1 kvarh</source>
        <translation>%1 квар·год</translation>
    </message>
    <message>
        <source>%1 kWh</source>
        <translation>%1 кВт·год</translation>
    </message>
    <message>
        <source>Zone / service</source>
        <translation>Зона / послуга</translation>
    </message>
</context>
<context>
    <name>oblik::client::InvoiceListModel</name>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Період</translation>
    </message>
    <message>
        <source>Formed</source>
        <translation>Сформовано</translation>
    </message>
    <message>
        <source>Pay by</source>
        <translation>Сплатити до</translation>
    </message>
    <message>
        <source>Charged</source>
        <translation>Нараховано</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Оплачено</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Залишок</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Підпис</translation>
    </message>
    <message>
        <source>Overdue: the payment was due on %1.</source>
        <translation>Прострочено: термін оплати — %1.</translation>
    </message>
    <message>
        <source>Corrects an earlier invoice of the period.</source>
        <translation>Коригує попередній рахунок за цей період.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Усього</translation>
    </message>
</context>
<context>
    <name>oblik::client::LimitModel</name>
    <message>
        <source>Monthly energy limit, kWh</source>
        <translation>Місячний ліміт електроенергії, кВт·год</translation>
    </message>
    <message>
        <source>Power limit, kW</source>
        <translation>Ліміт потужності, кВт</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Діє з</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>Діє до</translation>
    </message>
    <message>
        <source>open-ended</source>
        <translation>безстроково</translation>
    </message>
</context>
<context>
    <name>oblik::client::LoginDialog</name>
    <message>
        <source>Sign in to Oblik</source>
        <translation>Вхід до Облік</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Вхід</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Сервер:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логін:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Увійти</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Повторити</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Вхід…</translation>
    </message>
    <message numerus="yes">
        <source>You can try again in %n minute(s).</source>
        <translation>
            <numerusform>Спробувати знову можна через %n хвилину.</numerusform>
            <numerusform>Спробувати знову можна через %n хвилини.</numerusform>
            <numerusform>Спробувати знову можна через %n хвилин.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter the server&apos;s address.</source>
        <translation>Вкажіть адресу сервера.</translation>
    </message>
    <message>
        <source>Enter your login.</source>
        <translation>Вкажіть логін.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Вкажіть пароль.</translation>
    </message>
    <message>
        <source>“%1” is not a server address.</source>
        <translation>«%1» не є адресою сервера.</translation>
    </message>
</context>
<context>
    <name>oblik::client::MainWindow</name>
    <message>
        <source>%1 — Oblik</source>
        <translation>%1 — Облік</translation>
    </message>
    <message>
        <source>Oblik</source>
        <translation>Облік</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вигляд</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Мова</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Довідка</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Оновити</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Повторити</translation>
    </message>
    <message>
        <source>&amp;Switch account…</source>
        <translation>&amp;Змінити особовий рахунок…</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>Ви&amp;йти</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>За&amp;крити програму</translation>
    </message>
    <message>
        <source>&amp;About Oblik</source>
        <translation>&amp;Про програму Облік</translation>
    </message>
    <message>
        <source>The account could not be refreshed: %1 What you see was loaded earlier.</source>
        <translation>Не вдалося оновити дані особового рахунку: %1 Ви бачите дані, завантажені раніше.</translation>
    </message>
    <message>
        <source>Loading the account…</source>
        <translation>Завантаження особового рахунку…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>На звʼязку</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Немає звʼязку</translation>
    </message>
    <message>
        <source>The server answers.</source>
        <translation>Сервер відповідає.</translation>
    </message>
    <message>
        <source>The server cannot be reached.</source>
        <translation>Сервер недоступний.</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Сервер: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>Користувач: %1</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Вхід не виконано</translation>
    </message>
    <message>
        <source>The server cannot be reached</source>
        <translation>Сервер недоступний</translation>
    </message>
    <message>
        <source>The account could not be loaded</source>
        <translation>Не вдалося завантажити особовий рахунок</translation>
    </message>
    <message>
        <source>No account is open</source>
        <translation>Жоден особовий рахунок не відкрито</translation>
    </message>
    <message>
        <source>Choose one of the personal accounts of your login.</source>
        <translation>Виберіть один з особових рахунків вашого логіна.</translation>
    </message>
    <message>
        <source>&amp;Choose account…</source>
        <translation>&amp;Вибрати особовий рахунок…</translation>
    </message>
    <message>
        <source>No personal accounts</source>
        <translation>Немає особових рахунків</translation>
    </message>
    <message>
        <source>Your login has no personal accounts yet. Ask your district office to bind your account to your login.</source>
        <translation>До вашого логіна ще не привʼязано жодного особового рахунку. Зверніться до свого РЕМ, щоб привʼязати рахунок.</translation>
    </message>
    <message>
        <source>About Oblik</source>
        <translation>Про програму Облік</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Oblik %1&lt;/h3&gt;&lt;p&gt;The electricity consumer&apos;s cabinet: personal accounts, metering points, meters and readings.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Облік %1&lt;/h3&gt;&lt;p&gt;Кабінет споживача електричної енергії: особові рахунки, точки обліку, лічильники та показники.&lt;/p&gt;&lt;p&gt;Зібрано з Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Огляд</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>Показники</translation>
    </message>
    <message>
        <source>The server did not accept the readings: %1</source>
        <translation>Сервер не прийняв показники: %1</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Історія</translation>
    </message>
    <message>
        <source>&amp;Sync status…</source>
        <translation>&amp;Стан синхронізації…</translation>
    </message>
    <message>
        <source>Sync status…</source>
        <translation>Стан синхронізації…</translation>
    </message>
    <message>
        <source>Readings queue</source>
        <translation>Черга показників</translation>
    </message>
    <message numerus="yes">
        <source>%n command(s) waiting</source>
        <translation>
            <numerusform>%n команда в черзі</numerusform>
            <numerusform>%n команди в черзі</numerusform>
            <numerusform>%n команд у черзі</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing waiting</source>
        <translation>Черга порожня</translation>
    </message>
    <message>
        <source>Last failure: %1</source>
        <translation>Остання помилка: %1</translation>
    </message>
    <message>
        <source>next attempt at %1</source>
        <translation>наступна спроба о %1</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>Остання синхронізація: %1</translation>
    </message>
    <message>
        <source>Not synchronised yet</source>
        <translation>Ще не синхронізовано</translation>
    </message>
    <message>
        <source>&amp;Billing</source>
        <translation>&amp;Розрахунки</translation>
    </message>
    <message>
        <source>&amp;Calculate…</source>
        <translation>&amp;Розрахувати…</translation>
    </message>
    <message>
        <source>&amp;Register payment…</source>
        <translation>&amp;Зареєструвати платіж…</translation>
    </message>
    <message>
        <source>&amp;Bill run…</source>
        <translation>&amp;Масовий розрахунок…</translation>
    </message>
    <message>
        <source>Si&amp;gning settings…</source>
        <translation>&amp;Налаштування підпису…</translation>
    </message>
    <message>
        <source>The supplier rejected a signature: see the documents.</source>
        <translation>Постачальник відхилив підпис: перегляньте документи.</translation>
    </message>
    <message>
        <source>A signature was received by the supplier.</source>
        <translation>Постачальник отримав підпис.</translation>
    </message>
    <message>
        <source>Ser&amp;vices invoice…</source>
        <translation>Рахунок за &amp;послуги…</translation>
    </message>
</context>
<context>
    <name>oblik::client::MeterReplaceDialog</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Date of the replacement</source>
        <translation>Дата заміни</translation>
    </message>
    <message>
        <source>enter a date.</source>
        <translation>вкажіть дату.</translation>
    </message>
    <message>
        <source>the date is before the period %1 begins.</source>
        <translation>дата раніша за початок періоду %1.</translation>
    </message>
    <message>
        <source>the date is in the future.</source>
        <translation>дата в майбутньому.</translation>
    </message>
    <message>
        <source>Closing reading, %1</source>
        <translation>Кінцевий показник, %1</translation>
    </message>
    <message>
        <source>enter the old meter&apos;s last reading.</source>
        <translation>вкажіть останній показник старого лічильника.</translation>
    </message>
    <message>
        <source>Number of the new meter</source>
        <translation>Номер нового лічильника</translation>
    </message>
    <message>
        <source>enter the number.</source>
        <translation>вкажіть номер.</translation>
    </message>
    <message>
        <source>at most 40 characters.</source>
        <translation>не більше 40 символів.</translation>
    </message>
    <message>
        <source>it is the number of the old meter.</source>
        <translation>це номер старого лічильника.</translation>
    </message>
    <message>
        <source>Digits</source>
        <translation>Розрядність</translation>
    </message>
    <message>
        <source>from 1 to 12.</source>
        <translation>від 1 до 12.</translation>
    </message>
    <message>
        <source>Decimals</source>
        <translation>Знаків після коми</translation>
    </message>
    <message>
        <source>from 0 to 3.</source>
        <translation>від 0 до 3.</translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation>Коеф. трансф.</translation>
    </message>
    <message>
        <source>at least 1.</source>
        <translation>не менше 1.</translation>
    </message>
    <message>
        <source>Verification due</source>
        <translation>Строк повірки</translation>
    </message>
    <message>
        <source>Zones</source>
        <translation>Зони</translation>
    </message>
    <message>
        <source>tick at least one zone.</source>
        <translation>позначте принаймні одну зону.</translation>
    </message>
    <message>
        <source>Opening reading, %1</source>
        <translation>Початковий показник, %1</translation>
    </message>
    <message>
        <source>enter the new meter&apos;s first reading.</source>
        <translation>вкажіть перший показник нового лічильника.</translation>
    </message>
    <message>
        <source>Replace a meter</source>
        <translation>Заміна лічильника</translation>
    </message>
    <message>
        <source>&amp;Date of the replacement:</source>
        <translation>&amp;Дата заміни:</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Період:</translation>
    </message>
    <message>
        <source>Old meter: closing readings</source>
        <translation>Старий лічильник: кінцеві показники</translation>
    </message>
    <message>
        <source>New meter</source>
        <translation>Новий лічильник</translation>
    </message>
    <message>
        <source>&amp;Number:</source>
        <translation>&amp;Номер:</translation>
    </message>
    <message>
        <source>M&amp;odel:</source>
        <translation>&amp;Модель:</translation>
    </message>
    <message>
        <source>D&amp;igits:</source>
        <translation>&amp;Розрядність:</translation>
    </message>
    <message>
        <source>Dec&amp;imals:</source>
        <translation>Знаків пі&amp;сля коми:</translation>
    </message>
    <message>
        <source>&amp;Ratio:</source>
        <translation>&amp;Коеф. трансф.:</translation>
    </message>
    <message>
        <source>&amp;Verification due:</source>
        <translation>Строк &amp;повірки:</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Зона</translation>
    </message>
    <message>
        <source>Opening reading</source>
        <translation>Початковий показник</translation>
    </message>
    <message>
        <source>Zones:</source>
        <translation>Зони:</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>&amp;Замінити</translation>
    </message>
    <message>
        <source>Loading the meter…</source>
        <translation>Завантаження лічильника…</translation>
    </message>
    <message>
        <source>The meter is not in the account any more: it may have been replaced already.</source>
        <translation>Лічильника вже немає в особовому рахунку: можливо, його вже замінено.</translation>
    </message>
    <message>
        <source>The meter could not be loaded: %1</source>
        <translation>Не вдалося завантажити лічильник: %1</translation>
    </message>
    <message numerus="yes">
        <source>Meter %1 (%2, %n digit(s)), ratio %3: its closing readings and the new meter&apos;s opening readings are recorded in one period.</source>
        <translation>
            <numerusform>Лічильник %1 (%2, %n розряд), коеф. трансф. %3: його кінцеві показники та початкові показники нового лічильника записуються в одному періоді.</numerusform>
            <numerusform>Лічильник %1 (%2, %n розряди), коеф. трансф. %3: його кінцеві показники та початкові показники нового лічильника записуються в одному періоді.</numerusform>
            <numerusform>Лічильник %1 (%2, %n розрядів), коеф. трансф. %3: його кінцеві показники та початкові показники нового лічильника записуються в одному періоді.</numerusform>
        </translation>
    </message>
    <message>
        <source>model unknown</source>
        <translation>модель невідома</translation>
    </message>
    <message>
        <source>previous: %1</source>
        <translation>попередній: %1</translation>
    </message>
    <message>
        <source>Replacing the meter…</source>
        <translation>Заміна лічильника…</translation>
    </message>
    <message>
        <source>The meter was not replaced: %1</source>
        <translation>Лічильник не замінено: %1</translation>
    </message>
</context>
<context>
    <name>oblik::client::Options</name>
    <message>
        <source>Oblik: the electricity consumer&apos;s cabinet.</source>
        <translation>Облік: кабінет споживача електричної енергії.</translation>
    </message>
    <message>
        <source>The server to sign in to.</source>
        <translation>Сервер, до якого виконати вхід.</translation>
    </message>
    <message>
        <source>The language of this session: uk, ru or en.</source>
        <translation>Мова цього сеансу: uk, ru або en.</translation>
    </message>
    <message>
        <source>Fills in the login.</source>
        <translation>Заповнює поле логіна.</translation>
    </message>
    <message>
        <source>Opens this personal account after signing in.</source>
        <translation>Відкриває цей особовий рахунок після входу.</translation>
    </message>
    <message>
        <source>Saves a picture of the window once the account is shown, then quits (signs in by itself when OBLIK_PASSWORD is set).</source>
        <translation>Зберігає знімок вікна, щойно особовий рахунок буде показано, і завершує роботу (входить сама, якщо задано OBLIK_PASSWORD).</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>Неочікуваний аргумент: %1</translation>
    </message>
    <message>
        <source>Unknown language “%1”: use uk, ru or en.</source>
        <translation>Невідома мова «%1»: вкажіть uk, ru або en.</translation>
    </message>
</context>
<context>
    <name>oblik::client::PaymentDialog</name>
    <message>
        <source>Register a payment to account %1</source>
        <translation>Реєстрація платежу на особовий рахунок %1</translation>
    </message>
    <message>
        <source>&amp;Article:</source>
        <translation>&amp;Стаття:</translation>
    </message>
    <message>
        <source>A&amp;mount, UAH:</source>
        <translation>С&amp;ума, грн:</translation>
    </message>
    <message>
        <source>Paid &amp;on:</source>
        <translation>&amp;Дата оплати:</translation>
    </message>
    <message>
        <source>&amp;Bank:</source>
        <translation>&amp;Банк:</translation>
    </message>
    <message>
        <source>&amp;MFO:</source>
        <translation>&amp;МФО:</translation>
    </message>
    <message>
        <source>P&amp;urpose:</source>
        <translation>&amp;Призначення платежу:</translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation>&amp;Зареєструвати</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сума</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>Дата оплати</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>Банк</translation>
    </message>
    <message>
        <source>MFO</source>
        <translation>МФО</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Призначення платежу</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Стаття</translation>
    </message>
    <message>
        <source>%1: enter the amount paid.</source>
        <translation>%1: введіть сплачену суму.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: a payment is more than zero.</source>
        <translation>%1: сума платежу має бути більшою за нуль.</translation>
    </message>
    <message>
        <source>%1: the date of a payment already made, today at the latest.</source>
        <translation>%1: вкажіть дату вже здійсненого платежу, не пізнішу за сьогоднішню.</translation>
    </message>
    <message>
        <source>%1: the bank&apos;s MFO code is six digits.</source>
        <translation>%1: код МФО банку складається із шести цифр.</translation>
    </message>
    <message>
        <source>%1: copy the purpose of payment from the bank statement.</source>
        <translation>%1: скопіюйте призначення платежу з банківської виписки.</translation>
    </message>
    <message>
        <source>Registering the payment…</source>
        <translation>Реєстрація платежу…</translation>
    </message>
    <message>
        <source>The payment was not registered: %1</source>
        <translation>Платіж не зареєстровано: %1</translation>
    </message>
</context>
<context>
    <name>oblik::client::PaymentModel</name>
    <message>
        <source>Paid on</source>
        <translation>Дата оплати</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Період</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Стаття</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сума</translation>
    </message>
    <message>
        <source>Paid invoices</source>
        <translation>Оплачені рахунки</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Кредит</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>Банк</translation>
    </message>
    <message>
        <source>MFO</source>
        <translation>МФО</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Призначення платежу</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>oblik::client::PinDialog</name>
    <message>
        <source>PIN</source>
        <translation>ПІН-код</translation>
    </message>
    <message>
        <source>Key file password</source>
        <translation>Пароль файлового ключа</translation>
    </message>
    <message>
        <source>Enter the PIN of the token:</source>
        <translation>Введіть ПІН-код токена:</translation>
    </message>
    <message>
        <source>Enter the password of the key file:</source>
        <translation>Введіть пароль файлового ключа:</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Підписати</translation>
    </message>
    <message>
        <source>Enter the PIN on the reader when it asks, after pressing Sign.</source>
        <translation>Після натискання «Підписати» введіть ПІН-код на зчитувачі, коли він його запитає.</translation>
    </message>
</context>
<context>
    <name>oblik::client::ReadingsController</name>
    <message>
        <source>The server refused the readings sent and will not be asked again: %1</source>
        <translation>Сервер відхилив передані показники, повторно їх не буде надіслано: %1</translation>
    </message>
    <message>
        <source>Readings shown as saved on this computer: %1</source>
        <translation>Показники, збережені на цьому компʼютері: %1</translation>
    </message>
    <message>
        <source>The readings period is not known on this computer yet. It is fetched the first time the server can be reached.

%1</source>
        <translation>Період прийому показників на цьому компʼютері ще невідомий. Його буде отримано, щойно сервер стане доступним.

%1</translation>
    </message>
    <message>
        <source>The readings could not be loaded: %1</source>
        <translation>Не вдалося завантажити показники: %1</translation>
    </message>
    <message>
        <source>The metering points could not be reloaded: %1</source>
        <translation>Не вдалося повторно завантажити точки обліку: %1</translation>
    </message>
    <message>
        <source>The readings could not be queued: %1</source>
        <translation>Показники не вдалося поставити в чергу: %1</translation>
    </message>
    <message>
        <source>The submission could not be queued: %1</source>
        <translation>Передачу в розрахунок не вдалося поставити в чергу: %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Завантаження…</translation>
    </message>
    <message>
        <source>The history could not be loaded: %1</source>
        <translation>Не вдалося завантажити історію: %1</translation>
    </message>
    <message>
        <source>No readings in this range.</source>
        <translation>За цей проміжок показників немає.</translation>
    </message>
    <message>
        <source>Offline: shown as saved on this computer on %1 (%2).</source>
        <translation>Немає звʼязку: показано дані, збережені на цьому компʼютері %1 (%2).</translation>
    </message>
</context>
<context>
    <name>oblik::client::ReadingsModel</name>
    <message>
        <source>Draft</source>
        <translation>Чернетка</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Submitted for calculation</source>
        <translation>Передано в розрахунок</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Оброблено</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Відхилено</translation>
    </message>
    <message>
        <source>Preliminary active energy of the object, sub-consumers subtracted</source>
        <translation>Попереднє споживання активної енергії об’єкта, за вирахуванням субспоживачів</translation>
    </message>
    <message>
        <source>%1 %2 (sub-consumer)</source>
        <translation>%1 %2 (субспоживач)</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Заблоковано</translation>
    </message>
    <message>
        <source>Draft, saved locally</source>
        <translation>Чернетка, збережено на комп’ютері</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Відхилено: %1</translation>
    </message>
    <message>
        <source>Metering point</source>
        <translation>Точка обліку</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>Лічильник</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation>Коеф. трансф.</translation>
    </message>
    <message>
        <source>Digits</source>
        <translation>Розрядність</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Зона</translation>
    </message>
    <message>
        <source>Previous date</source>
        <translation>Попередня дата</translation>
    </message>
    <message>
        <source>Previous reading</source>
        <translation>Попередні показники</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Current reading</source>
        <translation>Поточні показники</translation>
    </message>
    <message>
        <source>Consumption, kWh</source>
        <translation>Споживання, кВт·год</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Стан</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Відхилено сервером: %1</translation>
    </message>
</context>
<context>
    <name>oblik::client::ReadingsView</name>
    <message>
        <source>Not saved</source>
        <translation>Не збережено</translation>
    </message>
    <message>
        <source>The value could not be saved on this computer: %1</source>
        <translation>Значення не вдалося зберегти на цьому комп’ютері: %1</translation>
    </message>
    <message>
        <source>Unsent readings</source>
        <translation>Непередані показники</translation>
    </message>
    <message numerus="yes">
        <source>%n reading(s) are saved on this computer but not sent to the supplier yet.</source>
        <translation>
            <numerusform>%n показник збережено на цьому комп’ютері, але ще не передано постачальнику.</numerusform>
            <numerusform>%n показники збережено на цьому комп’ютері, але ще не передано постачальнику.</numerusform>
            <numerusform>%n показників збережено на цьому комп’ютері, але ще не передано постачальнику.</numerusform>
        </translation>
    </message>
    <message>
        <source>They stay saved and can be sent later. Leave the form anyway?</source>
        <translation>Вони залишаються збереженими, їх можна передати пізніше. Все одно вийти з форми?</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Вийти</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>Залишитися</translation>
    </message>
    <message>
        <source>Readings for %1</source>
        <translation>Показники за %1</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>Показники</translation>
    </message>
    <message>
        <source>Send readings</source>
        <translation>Передати показники</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>На зв’язку</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Немає зв’язку</translation>
    </message>
    <message>
        <source>Offline: %1</source>
        <translation>Немає зв’язку: %1</translation>
    </message>
    <message>
        <source>Preliminary consumption of the account: %1 kWh</source>
        <translation>Попереднє споживання за особовим рахунком: %1 кВт·год</translation>
    </message>
    <message numerus="yes">
        <source>%n value(s) saved locally, not sent yet</source>
        <translation>
            <numerusform>%n значення збережено на комп’ютері, ще не передано</numerusform>
            <numerusform>%n значення збережено на комп’ютері, ще не передано</numerusform>
            <numerusform>%n значень збережено на комп’ютері, ще не передано</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything is sent</source>
        <translation>Усе передано</translation>
    </message>
    <message>
        <source>Submit to calculation</source>
        <translation>Передати в розрахунок</translation>
    </message>
    <message>
        <source>Transfers the readings saved on the server to calculation. They stay editable until the supplier processes them.</source>
        <translation>Передає в розрахунок показники, збережені на сервері. Їх можна змінювати, доки постачальник їх не обробить.</translation>
    </message>
    <message>
        <source>Reload the list of metering points</source>
        <translation>Оновити перелік точок обліку</translation>
    </message>
    <message>
        <source>Readings window: %1 – %2</source>
        <translation>Прийом показників: %1 – %2</translation>
    </message>
    <message>
        <source>period processed</source>
        <translation>період оброблено</translation>
    </message>
    <message>
        <source>entry open</source>
        <translation>внесення відкрито</translation>
    </message>
    <message>
        <source>entry closed</source>
        <translation>внесення закрито</translation>
    </message>
    <message>
        <source>worked out on this computer from the contract until the server answers</source>
        <translation>визначено на цьому компʼютері за договором, доки сервер не відповість</translation>
    </message>
    <message>
        <source>as the server said on %1</source>
        <translation>за даними сервера на %1</translation>
    </message>
    <message>
        <source>The readings for %1 are processed by the supplier. They are shown read-only.</source>
        <translation>Показники за %1 оброблено постачальником. Їх показано лише для перегляду.</translation>
    </message>
    <message>
        <source>Readings for %1 are accepted from %2 to %3. Until then the form is read-only.</source>
        <translation>Показники за %1 приймаються з %2 по %3. До того форма доступна лише для перегляду.</translation>
    </message>
    <message>
        <source>The readings window for %1 closed on %2. The form is read-only; readings for the next period are accepted from %3.</source>
        <translation>Прийом показників за %1 завершився %2. Форма доступна лише для перегляду; показники за наступний період приймаються з %3.</translation>
    </message>
    <message>
        <source>The readings window for %1 closed on %2. The form is read-only; call your district office if readings are still missing.</source>
        <translation>Прийом показників за %1 завершився %2. Форма доступна лише для перегляду; якщо якихось показників бракує, зверніться до свого РЕМ.</translation>
    </message>
    <message>
        <source>submission to calculation waits to be sent</source>
        <translation>передача в розрахунок очікує надсилання</translation>
    </message>
    <message numerus="yes">
        <source>The meter of %n metering point(s) was changed by the supplier. Your values are kept; reload the list of metering points to check them against the new meters.</source>
        <translation>
            <numerusform>Постачальник замінив лічильник на %n точці обліку. Ваші значення збережено; оновіть перелік точок обліку, щоб звірити їх із новими лічильниками.</numerusform>
            <numerusform>Постачальник замінив лічильники на %n точках обліку. Ваші значення збережено; оновіть перелік точок обліку, щоб звірити їх із новими лічильниками.</numerusform>
            <numerusform>Постачальник замінив лічильники на %n точках обліку. Ваші значення збережено; оновіть перелік точок обліку, щоб звірити їх із новими лічильниками.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The server refused %n value(s): the marked cells say why. Correct them and send again; refused values are not sent by themselves.</source>
        <translation>
            <numerusform>Сервер відхилив %n значення: причину вказано в позначених клітинках. Виправте їх і надішліть знову; відхилені значення самі не надсилаються.</numerusform>
            <numerusform>Сервер відхилив %n значення: причину вказано в позначених клітинках. Виправте їх і надішліть знову; відхилені значення самі не надсилаються.</numerusform>
            <numerusform>Сервер відхилив %n значень: причину вказано в позначених клітинках. Виправте їх і надішліть знову; відхилені значення самі не надсилаються.</numerusform>
        </translation>
    </message>
    <message>
        <source>Account %1, %2</source>
        <translation>Особовий рахунок %1, %2</translation>
    </message>
    <message>
        <source>Readings %1 %2</source>
        <translation>Показники %1 %2</translation>
    </message>
    <message>
        <source>Readings act</source>
        <translation>Акт показників</translation>
    </message>
    <message>
        <source>The readings act of the period as a document to print or save</source>
        <translation>Акт показників за період як документ для друку або збереження</translation>
    </message>
    <message>
        <source>Filled with the readings</source>
        <translation>Заповнений показниками</translation>
    </message>
    <message>
        <source>Blank, for filling by hand</source>
        <translation>Бланк для заповнення вручну</translation>
    </message>
</context>
<context>
    <name>oblik::client::SaldoModel</name>
    <message>
        <source>Article</source>
        <translation>Стаття</translation>
    </message>
    <message>
        <source>Debt</source>
        <translation>Заборгованість</translation>
    </message>
    <message>
        <source>Overpayment</source>
        <translation>Переплата</translation>
    </message>
    <message>
        <source>Charged this period</source>
        <translation>Нараховано за період</translation>
    </message>
    <message>
        <source>Paid this period</source>
        <translation>Оплачено за період</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Усього</translation>
    </message>
    <message>
        <source>Charged in
%1</source>
        <translation>Нараховано
%1</translation>
    </message>
    <message>
        <source>Paid in
%1</source>
        <translation>Оплачено
%1</translation>
    </message>
</context>
<context>
    <name>oblik::client::ServicesInvoiceDialog</name>
    <message>
        <source>Services invoice for account %1</source>
        <translation>Рахунок за послуги на особовий рахунок %1</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Період:</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Послуга</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Кількість</translation>
    </message>
    <message>
        <source>Price with VAT, UAH</source>
        <translation>Ціна з ПДВ, грн</translation>
    </message>
    <message>
        <source>Amount, UAH</source>
        <translation>Сума, грн</translation>
    </message>
    <message>
        <source>&amp;Add line</source>
        <translation>&amp;Додати рядок</translation>
    </message>
    <message>
        <source>Re&amp;move line</source>
        <translation>&amp;Видалити рядок</translation>
    </message>
    <message>
        <source>&amp;Issue invoice</source>
        <translation>&amp;Сформувати рахунок</translation>
    </message>
    <message>
        <source>Price without VAT, UAH</source>
        <translation>Ціна без ПДВ, грн</translation>
    </message>
    <message>
        <source>the amount of this line is too large.</source>
        <translation>сума цього рядка завелика.</translation>
    </message>
    <message>
        <source>say what the service is.</source>
        <translation>вкажіть, яка це послуга.</translation>
    </message>
    <message>
        <source>at most %1 characters (now %2).</source>
        <translation>не більше %1 символів (зараз %2).</translation>
    </message>
    <message>
        <source>enter the quantity (1 for one service).</source>
        <translation>введіть кількість (1 — за одну послугу).</translation>
    </message>
    <message>
        <source>at most three decimals.</source>
        <translation>не більше трьох знаків після коми.</translation>
    </message>
    <message>
        <source>the number is too large.</source>
        <translation>число завелике.</translation>
    </message>
    <message>
        <source>“%1” is not a number.</source>
        <translation>«%1» — не число.</translation>
    </message>
    <message>
        <source>not zero (a negative quantity credits a service billed before).</source>
        <translation>не нуль (від’ємна кількість сторнує раніше виставлену послугу).</translation>
    </message>
    <message>
        <source>enter the price.</source>
        <translation>введіть ціну.</translation>
    </message>
    <message>
        <source>at most two decimals (kopecks).</source>
        <translation>не більше двох знаків після коми (копійки).</translation>
    </message>
    <message>
        <source>“%1” is not an amount.</source>
        <translation>«%1» — не сума.</translation>
    </message>
    <message>
        <source>more than zero (credit a service with a negative quantity).</source>
        <translation>більше нуля (щоб сторнувати послугу, вкажіть від’ємну кількість).</translation>
    </message>
    <message>
        <source>Line %1, service</source>
        <translation>Рядок %1, послуга</translation>
    </message>
    <message>
        <source>Line %1, quantity</source>
        <translation>Рядок %1, кількість</translation>
    </message>
    <message>
        <source>Line %1, price</source>
        <translation>Рядок %1, ціна</translation>
    </message>
    <message>
        <source>Line %1</source>
        <translation>Рядок %1</translation>
    </message>
    <message>
        <source>Period: choose the period.</source>
        <translation>Період: оберіть період.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Enter at least one line: the service, its quantity and price.</source>
        <translation>Введіть хоча б один рядок: послугу, її кількість і ціну.</translation>
    </message>
    <message>
        <source>At most %1 lines in one invoice.</source>
        <translation>Не більше %1 рядків в одному рахунку.</translation>
    </message>
    <message>
        <source>The total is too large.</source>
        <translation>Загальна сума завелика.</translation>
    </message>
    <message>
        <source>Total: %1 UAH</source>
        <translation>Разом: %1 грн</translation>
    </message>
    <message>
        <source>Issuing the invoice…</source>
        <translation>Формування рахунку…</translation>
    </message>
    <message>
        <source>Period: %1</source>
        <translation>Період: %1</translation>
    </message>
    <message>
        <source>The lines: %1</source>
        <translation>Рядки: %1</translation>
    </message>
    <message>
        <source>The invoice was not issued: %1</source>
        <translation>Рахунок не сформовано: %1</translation>
    </message>
    <message>
        <source>Invoice %1 of %2 UAH was issued for %3.</source>
        <translation>Сформовано рахунок %1 на суму %2 грн за %3.</translation>
    </message>
    <message>
        <source>Pay by %1.</source>
        <translation>Сплатити до %1.</translation>
    </message>
    <message>
        <source>(lines not counted, incomplete or wrong: %1)</source>
        <translation>(не враховано неповних або помилкових рядків: %1)</translation>
    </message>
    <message>
        <source>One line per service: what it is, the quantity (a negative quantity credits a service billed before) and the price per unit. The amount is quantity × price, rounded to the kopeck.</source>
        <translation>Один рядок на послугу: що це за послуга, кількість (від’ємна кількість сторнує раніше виставлену послугу) і ціна за одиницю. Сума — кількість × ціна, округлена до копійки.</translation>
    </message>
</context>
<context>
    <name>oblik::client::SignDialog</name>
    <message>
        <source>Sign</source>
        <translation>Підписання</translation>
    </message>
    <message>
        <source>Sign: %1</source>
        <translation>Підписати: %1</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Токен</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Сертифікат</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Дійсний до</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Ключ</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примітка</translation>
    </message>
    <message>
        <source>Use a key file (.p12, .pfx)…</source>
        <translation>Використати файловий ключ (.p12, .pfx)…</translation>
    </message>
    <message>
        <source>Key file</source>
        <translation>Файловий ключ</translation>
    </message>
    <message>
        <source>Key files (*.p12 *.pfx);;All files (*)</source>
        <translation>Файлові ключі (*.p12 *.pfx);;Усі файли (*)</translation>
    </message>
    <message>
        <source>Recent key files…</source>
        <translation>Нещодавні файлові ключі…</translation>
    </message>
    <message>
        <source>Token settings…</source>
        <translation>Налаштування токенів…</translation>
    </message>
    <message>
        <source>Sign with this certificate…</source>
        <translation>Підписати цим сертифікатом…</translation>
    </message>
    <message>
        <source>Certificates on your tokens and smart cards:</source>
        <translation>Сертифікати на ваших токенах і смарт-картках:</translation>
    </message>
    <message>
        <source>The token library %1 cannot be used: %2</source>
        <translation>Не вдається використати бібліотеку токена %1: %2</translation>
    </message>
    <message>
        <source>Looking for tokens…</source>
        <translation>Пошук токенів…</translation>
    </message>
    <message>
        <source>Issued by %1</source>
        <translation>Видавець: %1</translation>
    </message>
    <message>
        <source>No token library is set up: add your token&apos;s PKCS#11 library in Token settings, or use a key file.</source>
        <translation>Бібліотеку токена не налаштовано: додайте бібліотеку PKCS#11 вашого токена у вікні «Налаштування токенів» або скористайтеся файловим ключем.</translation>
    </message>
    <message>
        <source>No certificates found: insert your token or smart card, or use a key file.</source>
        <translation>Сертифікатів не знайдено: підключіть токен або вставте смарт-картку чи скористайтеся файловим ключем.</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 на %2</translation>
    </message>
    <message>
        <source>Enter the PIN on the reader…</source>
        <translation>Введіть ПІН-код на зчитувачі…</translation>
    </message>
    <message>
        <source>Checking the PIN…</source>
        <translation>Перевірка ПІН-коду…</translation>
    </message>
    <message>
        <source>Opening the key file…</source>
        <translation>Відкриття файлового ключа…</translation>
    </message>
    <message>
        <source>No certificates found.</source>
        <translation>Сертифікатів не знайдено.</translation>
    </message>
</context>
<context>
    <name>oblik::client::SignSettingsDialog</name>
    <message>
        <source>Remove</source>
        <translation>Видалити</translation>
    </message>
    <message>
        <source>Signing settings</source>
        <translation>Налаштування підпису</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Додати…</translation>
    </message>
    <message>
        <source>PKCS#11 libraries (*.dll)</source>
        <translation>Бібліотеки PKCS#11 (*.dll)</translation>
    </message>
    <message>
        <source>PKCS#11 libraries (*.so *.so.* *.dylib)</source>
        <translation>Бібліотеки PKCS#11 (*.so *.so.* *.dylib)</translation>
    </message>
    <message>
        <source>Token library (PKCS#11)</source>
        <translation>Бібліотека токена (PKCS#11)</translation>
    </message>
    <message>
        <source>Trusted root certificate</source>
        <translation>Довірений кореневий сертифікат</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.der);;All files (*)</source>
        <translation>Сертифікати (*.pem *.crt *.cer *.der);;Усі файли (*)</translation>
    </message>
    <message>
        <source>Token libraries (PKCS#11): your token&apos;s or card reader&apos;s vendor library</source>
        <translation>Бібліотеки токенів (PKCS#11): бібліотека від виробника вашого токена або зчитувача карток</translation>
    </message>
    <message>
        <source>Trusted roots for checking signatures on this computer (PEM files)</source>
        <translation>Довірені кореневі сертифікати для перевірки підписів на цьому комп’ютері (файли PEM)</translation>
    </message>
    <message>
        <source>Recent key files</source>
        <translation>Нещодавні файлові ключі</translation>
    </message>
</context>
<context>
    <name>oblik::client::SignaturePanel</name>
    <message>
        <source>Signature</source>
        <translation>Підпис</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Відомості</translation>
    </message>
    <message>
        <source>The server&apos;s verdict:</source>
        <translation>Висновок сервера:</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>Підписувач</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Сторона</translation>
    </message>
    <message>
        <source>Server says</source>
        <translation>Висновок сервера</translation>
    </message>
    <message>
        <source>Signature of %1</source>
        <translation>Підпис файлу %1</translation>
    </message>
    <message>
        <source>Checking the signatures…</source>
        <translation>Перевірка підписів…</translation>
    </message>
    <message>
        <source>No trusted roots are set up on this computer, so no signature can be confirmed here: add your supplier&apos;s and your certificate issuer&apos;s root certificates in Signing settings. The server&apos;s verdict is shown below.</source>
        <translation>На цьому комп’ютері не налаштовано довірених кореневих сертифікатів, тому тут не можна підтвердити жоден підпис: додайте в «Налаштуваннях підпису» кореневі сертифікати центрів сертифікації, які видали сертифікати вашому постачальнику та вам. Висновок сервера наведено нижче.</translation>
    </message>
    <message>
        <source>The signatures cannot be read: %1</source>
        <translation>Не вдається прочитати підписи: %1</translation>
    </message>
    <message>
        <source>This document has no signatures.</source>
        <translation>Цей документ не має підписів.</translation>
    </message>
    <message>
        <source>One signature, valid.</source>
        <translation>Один підпис, дійсний.</translation>
    </message>
    <message numerus="yes">
        <source>%n signatures, all valid.</source>
        <translation>
            <numerusform>%n підпис, усі дійсні.</numerusform>
            <numerusform>%n підписи, усі дійсні.</numerusform>
            <numerusform>%n підписів, усі дійсні.</numerusform>
        </translation>
    </message>
    <message>
        <source>One signature, not valid.</source>
        <translation>Один підпис, недійсний.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n signatures valid.</source>
        <translation>
            <numerusform>Дійсних підписів: %1 з %n.</numerusform>
            <numerusform>Дійсних підписів: %1 з %n.</numerusform>
            <numerusform>Дійсних підписів: %1 з %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>Signature %1 (signer unknown)</source>
        <translation>Підпис %1 (підписувач невідомий)</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Проблема</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Що робити</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Організація</translation>
    </message>
    <message>
        <source>Tax ID</source>
        <translation>ЄДРПОУ / РНОКПП</translation>
    </message>
    <message>
        <source>Certificate serial</source>
        <translation>Серійний номер сертифіката</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>Видавець</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Термін дії</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>з %1 по %2</translation>
    </message>
    <message>
        <source>Signing time</source>
        <translation>Час підписання</translation>
    </message>
    <message>
        <source>not stated</source>
        <translation>не зазначено</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле підпису</translation>
    </message>
    <message>
        <source>Covers</source>
        <translation>Охоплює</translation>
    </message>
    <message>
        <source>the whole document</source>
        <translation>увесь документ</translation>
    </message>
    <message numerus="yes">
        <source>an earlier revision (%n bytes); later changes add only signatures or are listed as problems</source>
        <translation>
            <numerusform>попередню редакцію (%n байт); пізніші зміни лише додають підписи або наведені серед проблем</numerusform>
            <numerusform>попередню редакцію (%n байти); пізніші зміни лише додають підписи або наведені серед проблем</numerusform>
            <numerusform>попередню редакцію (%n байтів); пізніші зміни лише додають підписи або наведені серед проблем</numerusform>
        </translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Chain</source>
        <translation>Ланцюжок сертифікатів</translation>
    </message>
    <message>
        <source>valid %1 to %2</source>
        <translation>дійсний з %1 по %2</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>дійсний</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>відхилений</translation>
    </message>
    <message>
        <source>supplier</source>
        <translation>постачальник</translation>
    </message>
    <message>
        <source>consumer</source>
        <translation>споживач</translation>
    </message>
</context>
<context>
    <name>oblik::client::SignaturesDialog</name>
    <message>
        <source>Signatures</source>
        <translation>Підписи</translation>
    </message>
    <message>
        <source>Signatures: %1</source>
        <translation>Підписи: %1</translation>
    </message>
    <message>
        <source>Check a .p7s file…</source>
        <translation>Перевірити файл .p7s…</translation>
    </message>
    <message>
        <source>Signature file</source>
        <translation>Файл підпису</translation>
    </message>
    <message>
        <source>Detached signatures (*.p7s *.p7m *.sig);;All files (*)</source>
        <translation>Відокремлені підписи (*.p7s *.p7m *.sig);;Усі файли (*)</translation>
    </message>
    <message>
        <source>The file it signs</source>
        <translation>Файл, який підписано</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>Не вдається прочитати %1.</translation>
    </message>
</context>
<context>
    <name>oblik::client::SyncStatusDialog</name>
    <message>
        <source>Saved locally</source>
        <translation>Збережено на компʼютері</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Надіслано</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Прийнято</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Відхилено</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Вхід не виконано.</translation>
    </message>
    <message>
        <source>Submit %1 to calculation</source>
        <translation>Передати %1 в розрахунок</translation>
    </message>
    <message numerus="yes">
        <source>%n reading(s) for %1</source>
        <translation>
            <numerusform>%n показник за %1</numerusform>
            <numerusform>%n показники за %1</numerusform>
            <numerusform>%n показників за %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Відхилено сервером</translation>
    </message>
    <message>
        <source>(the server holds %1, state %2, version %3)</source>
        <translation>(на сервері: %1, стан %2, версія %3)</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Конфлікт</translation>
    </message>
    <message numerus="yes">
        <source>%n command(s) wait to be sent.</source>
        <translation>
            <numerusform>%n команда очікує надсилання.</numerusform>
            <numerusform>%n команди очікують надсилання.</numerusform>
            <numerusform>%n команд очікують надсилання.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing waits to be sent.</source>
        <translation>Немає нічого до надсилання.</translation>
    </message>
    <message>
        <source>Online.</source>
        <translation>На звʼязку.</translation>
    </message>
    <message>
        <source>Offline.</source>
        <translation>Немає звʼязку.</translation>
    </message>
    <message>
        <source>Last failure: %1.</source>
        <translation>Остання помилка: %1.</translation>
    </message>
    <message>
        <source>Next attempt at %1.</source>
        <translation>Наступна спроба о %1.</translation>
    </message>
    <message>
        <source>Last successful sync: %1.</source>
        <translation>Остання успішна синхронізація: %1.</translation>
    </message>
    <message>
        <source>Never synchronised yet.</source>
        <translation>Синхронізації ще не було.</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>Стан синхронізації</translation>
    </message>
    <message>
        <source>Commands (newest first)</source>
        <translation>Команди (спершу нові)</translation>
    </message>
    <message>
        <source>What the server refused or found in conflict</source>
        <translation>Що сервер відхилив або виявив у конфлікті</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Що</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Стан</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Спроби</translation>
    </message>
    <message>
        <source>Last failure</source>
        <translation>Остання помилка</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Наступна спроба</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Коли</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Команда</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Регістр</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Server&apos;s text</source>
        <translation>Текст сервера</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Синхронізувати зараз</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
</context>
<context>
    <name>oblik::client::TableExport</name>
    <message>
        <source>Export to Excel (.xlsx)…</source>
        <translation>Експортувати в Excel (.xlsx)…</translation>
    </message>
    <message>
        <source>Export to CSV…</source>
        <translation>Експортувати в CSV…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Друкувати…</translation>
    </message>
    <message>
        <source>Export / Print</source>
        <translation>Експорт / Друк</translation>
    </message>
    <message>
        <source>table</source>
        <translation>таблиця</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Книга Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV, semicolon separated (*.csv)</source>
        <translation>CSV, розділювач — крапка з комою (*.csv)</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>Експорт в Excel</translation>
    </message>
    <message>
        <source>Export to CSV</source>
        <translation>Експорт у CSV</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Експорт</translation>
    </message>
    <message>
        <source>Print: %1</source>
        <translation>Друк: %1</translation>
    </message>
</context>
<context>
    <name>oblik::client::TablePrinter</name>
    <message>
        <source>Printed %1</source>
        <translation>Надруковано %1</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Сторінка %1 з %2</translation>
    </message>
</context>
<context>
    <name>oblik::client::TariffModel</name>
    <message>
        <source>Parameter</source>
        <translation>Параметр</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>Застосовується до</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значення</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Діє з</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>Діє до</translation>
    </message>
    <message>
        <source>open-ended</source>
        <translation>безстроково</translation>
    </message>
</context>
<context>
    <name>oblik::client::TaxInvoiceModel</name>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Without VAT</source>
        <translation>Без ПДВ</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>ПДВ</translation>
    </message>
    <message>
        <source>With VAT</source>
        <translation>З ПДВ</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>Рахунок</translation>
    </message>
    <message>
        <source>Corrects</source>
        <translation>Коригує</translation>
    </message>
</context>
<context>
    <name>oblik::client::TurnoverModel</name>
    <message>
        <source>Article</source>
        <translation>Стаття</translation>
    </message>
    <message>
        <source>Opening debit</source>
        <translation>Сальдо на початок
дебет</translation>
    </message>
    <message>
        <source>Opening credit</source>
        <translation>Сальдо на початок
кредит</translation>
    </message>
    <message>
        <source>Charged</source>
        <translation>Нараховано</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Оплачено</translation>
    </message>
    <message>
        <source>Closing debit</source>
        <translation>Сальдо на кінець
дебет</translation>
    </message>
    <message>
        <source>Closing credit</source>
        <translation>Сальдо на кінець
кредит</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Усього</translation>
    </message>
</context>
<context>
    <name>oblik::client::XlsxTableWriter</name>
    <message>
        <source>Could not save %1: no temporary folder (%2).</source>
        <translation>Не вдалося зберегти %1: немає тимчасової папки (%2).</translation>
    </message>
    <message>
        <source>Could not save %1: the Excel writer could not start.</source>
        <translation>Не вдалося зберегти %1: не вдалося запустити модуль запису Excel.</translation>
    </message>
    <message>
        <source>Could not save %1: %2.</source>
        <translation>Не вдалося зберегти %1: %2.</translation>
    </message>
</context>
<context>
    <name>oblik::client::format</name>
    <message>
        <source>%1 kV</source>
        <translation>%1 кВ</translation>
    </message>
    <message>
        <source>A</source>
        <comment>active energy, one letter</comment>
        <translation>A</translation>
    </message>
    <message>
        <source>R</source>
        <comment>reactive energy, one letter</comment>
        <translation>R</translation>
    </message>
    <message>
        <source>G</source>
        <comment>generation, one letter</comment>
        <translation>G</translation>
    </message>
    <message>
        <source>Active energy (kWh)</source>
        <translation>Активна енергія (кВт·год)</translation>
    </message>
    <message>
        <source>Reactive energy (kVArh)</source>
        <translation>Реактивна енергія (кВАр·год)</translation>
    </message>
    <message>
        <source>Generation (energy fed into the grid)</source>
        <translation>Генерація (енергія, відпущена в мережу)</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Справний</translation>
    </message>
    <message>
        <source>Faulty</source>
        <translation>Несправний</translation>
    </message>
    <message>
        <source>Verification expired</source>
        <translation>Минув строк повірки</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Знятий</translation>
    </message>
    <message>
        <source>Verification due soon</source>
        <translation>Скоро повірка</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Загальна</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Night</source>
        <translation>Ніч</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>Пік</translation>
    </message>
    <message>
        <source>Half-peak</source>
        <translation>Напівпік</translation>
    </message>
    <message>
        <source>Legal entity</source>
        <translation>Юридична особа</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Побутовий споживач</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Споживач</translation>
    </message>
    <message>
        <source>District office clerk</source>
        <translation>Працівник РЕМ</translation>
    </message>
    <message>
        <source>Supplier administrator</source>
        <translation>Адміністратор постачальника</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Так</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Ні</translation>
    </message>
    <message>
        <source>Active energy</source>
        <translation>Активна електроенергія</translation>
    </message>
    <message>
        <source>Reactive energy</source>
        <translation>Реактивна електроенергія</translation>
    </message>
    <message>
        <source>Over-limit consumption</source>
        <translation>Перевищення ліміту</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Послуги</translation>
    </message>
    <message>
        <source>Penalties</source>
        <translation>Пеня</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>Коригування</translation>
    </message>
    <message>
        <source>Generation credit</source>
        <translation>Зарахування за генерацію</translation>
    </message>
    <message>
        <source>Not signed</source>
        <translation>Не підписано</translation>
    </message>
    <message>
        <source>Signature rejected</source>
        <translation>Підпис відхилено</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Виконується</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Скасовано</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Завершено</translation>
    </message>
    <message>
        <source>Tariff, UAH/kWh</source>
        <translation>Тариф, грн/кВт·год</translation>
    </message>
    <message>
        <source>Zone coefficient</source>
        <translation>Зонний коефіцієнт</translation>
    </message>
    <message>
        <source>Reactive energy tariff, UAH/kVArh</source>
        <translation>Тариф на реактивну електроенергію, грн/квар·год</translation>
    </message>
    <message>
        <source>Generation tariff, UAH/kWh</source>
        <translation>Тариф на генерацію, грн/кВт·год</translation>
    </message>
    <message>
        <source>Over-limit multiple</source>
        <translation>Кратність за перевищення ліміту</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>ПДВ</translation>
    </message>
    <message>
        <source>all consumers</source>
        <translation>усі споживачі</translation>
    </message>
    <message>
        <source>legal entities</source>
        <translation>юридичні особи</translation>
    </message>
    <message>
        <source>households</source>
        <translation>побутові споживачі</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>клас %1</translation>
    </message>
    <message>
        <source>voltage class %1</source>
        <translation>клас напруги %1</translation>
    </message>
    <message>
        <source>two zones</source>
        <translation>дві зони</translation>
    </message>
    <message>
        <source>three zones</source>
        <translation>три зони</translation>
    </message>
    <message>
        <source>Signed by supplier</source>
        <translation>Підписано постачальником</translation>
    </message>
    <message>
        <source>Signed by me</source>
        <translation>Підписано мною</translation>
    </message>
    <message>
        <source>Received by supplier</source>
        <translation>Отримано постачальником</translation>
    </message>
    <message>
        <source>consumer class %1</source>
        <translation>клас споживача %1</translation>
    </message>
    <message>
        <source>%1, extracted from the amount with VAT</source>
        <translation>%1, виділяється із суми з ПДВ</translation>
    </message>
    <message>
        <source>%1, added to the amount without VAT</source>
        <translation>%1, нараховується на суму без ПДВ</translation>
    </message>
    <message>
        <source>all consumers (by default)</source>
        <translation>усі споживачі (за замовчуванням)</translation>
    </message>
    <message>
        <source>Planned advance for active energy</source>
        <translation>Аванс плановий за активну</translation>
    </message>
    <message>
        <source>Contracted monthly energy, kWh</source>
        <translation>Договірний місячний обсяг, кВт·год</translation>
    </message>
    <message>
        <source>Calculation</source>
        <translation>Розрахунок</translation>
    </message>
    <message>
        <source>Planned advances</source>
        <translation>Аванс плановий</translation>
    </message>
    <message>
        <source>contract %1</source>
        <translation>договір %1</translation>
    </message>
    <message>
        <source>Contract %1 has no contracted monthly energy for %2, so no planned advance was issued for it.</source>
        <translation>У договорі %1 немає договірного місячного обсягу на %2, тому плановий аванс за ним не сформовано.</translation>
    </message>
</context>
<context>
    <name>oblik::client::sign</name>
    <message>
        <source>The PIN is locked: ask your certificate issuer to unlock it.</source>
        <translation>ПІН-код заблоковано: щоб розблокувати його, зверніться до центру сертифікації, який видав ваш сертифікат.</translation>
    </message>
    <message>
        <source>One more wrong PIN locks the card.</source>
        <translation>Ще один неправильний ПІН-код заблокує картку.</translation>
    </message>
    <message>
        <source>An earlier PIN was wrong: few tries left.</source>
        <translation>Раніше вже було введено неправильний ПІН-код: залишилося мало спроб.</translation>
    </message>
    <message>
        <source>Wrong PIN. One more wrong PIN locks the card.</source>
        <translation>Неправильний ПІН-код. Ще один неправильний ПІН-код заблокує картку.</translation>
    </message>
    <message>
        <source>Wrong PIN. Few tries left.</source>
        <translation>Неправильний ПІН-код. Залишилося мало спроб.</translation>
    </message>
    <message>
        <source>Wrong PIN. Try again.</source>
        <translation>Неправильний ПІН-код. Спробуйте ще раз.</translation>
    </message>
    <message>
        <source>Wrong password for the key file. Try again.</source>
        <translation>Неправильний пароль файлового ключа. Спробуйте ще раз.</translation>
    </message>
</context>
<context>
    <name>oblik::client::sign::DocumentSigner</name>
    <message>
        <source>Signing %1 of %2…</source>
        <translation>Підписання %1 з %2…</translation>
    </message>
    <message>
        <source>Getting %1 (%2 of %3)…</source>
        <translation>Отримання %1 (%2 з %3)…</translation>
    </message>
    <message>
        <source>%1: this document cannot be signed</source>
        <translation>%1: цей документ не можна підписати</translation>
    </message>
    <message>
        <source>%1: not connected to the server</source>
        <translation>%1: немає з’єднання із сервером</translation>
    </message>
    <message>
        <source>Signing 1 of %1…</source>
        <translation>Підписання 1 з %1…</translation>
    </message>
    <message>
        <source>Signed by the consumer</source>
        <translation>Підписано споживачем</translation>
    </message>
</context>
<context>
    <name>oblik::client::sign::TokenWorker</name>
    <message>
        <source>Expired on %1</source>
        <translation>Термін дії закінчився %1</translation>
    </message>
    <message>
        <source>Valid only from %1</source>
        <translation>Дійсний лише з %1</translation>
    </message>
    <message>
        <source>Not for signing documents (key usage)</source>
        <translation>Не призначений для підписання документів (призначення ключа)</translation>
    </message>
    <message>
        <source>A certificate authority&apos;s certificate</source>
        <translation>Сертифікат центру сертифікації</translation>
    </message>
</context>
<context>
    <name>oblik::crypto</name>
    <message>
        <source>The document was changed after it was signed</source>
        <translation>Документ змінено після підписання</translation>
    </message>
    <message>
        <source>Do not rely on this copy. Ask the signer for the original signed document, or sign the current version again.</source>
        <translation>Не покладайтеся на цей примірник. Попросіть підписувача надіслати оригінал підписаного документа або підпишіть поточну версію ще раз.</translation>
    </message>
    <message>
        <source>The signature is damaged or forged: it does not match the signer&apos;s key</source>
        <translation>Підпис пошкоджено або підроблено: він не відповідає ключу підписувача</translation>
    </message>
    <message>
        <source>Do not accept this signature. Ask the signer to sign the document again.</source>
        <translation>Не приймайте цей підпис. Попросіть підписувача підписати документ ще раз.</translation>
    </message>
    <message>
        <source>The signature does not contain the signer&apos;s certificate</source>
        <translation>Підпис не містить сертифіката підписувача</translation>
    </message>
    <message>
        <source>The signer cannot be identified. Ask the signer to sign again with a program that includes the certificate in the signature.</source>
        <translation>Неможливо встановити особу підписувача. Попросіть підписувача підписати документ ще раз програмою, яка додає сертифікат до підпису.</translation>
    </message>
    <message>
        <source>The signature names a different certificate than the one it was made with</source>
        <translation>У підписі зазначено інший сертифікат, ніж той, яким його створено</translation>
    </message>
    <message>
        <source>Do not accept this signature: its certificate may have been substituted. Ask the signer to sign again.</source>
        <translation>Не приймайте цей підпис: його сертифікат, можливо, підмінено. Попросіть підписувача підписати документ ще раз.</translation>
    </message>
    <message>
        <source>The certificate was issued by a certification authority this program does not trust</source>
        <translation>Сертифікат видано центром сертифікації, якому ця програма не довіряє</translation>
    </message>
    <message>
        <source>Add the authority&apos;s root certificate to the trusted list, or ask the signer for a qualified certificate.</source>
        <translation>Додайте кореневий сертифікат цього центру сертифікації до списку довірених або попросіть підписувача скористатися кваліфікованим сертифікатом.</translation>
    </message>
    <message>
        <source>The certificate cannot be traced to a trusted certification authority: a certificate in between is missing</source>
        <translation>Не вдається побудувати ланцюжок від сертифіката до довіреного центру сертифікації: бракує проміжного сертифіката</translation>
    </message>
    <message>
        <source>Add the authority&apos;s intermediate certificate (from its website) to the program, or ask the signer to include the whole chain.</source>
        <translation>Додайте до програми проміжний сертифікат центру сертифікації (з його вебсайту) або попросіть підписувача включити до підпису весь ланцюжок сертифікатів.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate had expired when the document was signed</source>
        <translation>На момент підписання документа термін дії сертифіката підписувача вже закінчився</translation>
    </message>
    <message>
        <source>The signature is not valid. Ask the signer to renew the certificate and sign the document again.</source>
        <translation>Підпис недійсний. Попросіть підписувача оновити сертифікат і підписати документ ще раз.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate was not yet valid when the document was signed</source>
        <translation>На момент підписання документа сертифікат підписувача ще не набув чинності</translation>
    </message>
    <message>
        <source>Check the date and time of the signer&apos;s computer, and ask the signer to sign again.</source>
        <translation>Перевірте дату й час на комп’ютері підписувача та попросіть його підписати документ ще раз.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate has been revoked by the certification authority</source>
        <translation>Сертифікат підписувача відкликано центром сертифікації</translation>
    </message>
    <message>
        <source>Do not accept this signature. The signer must get a new certificate and sign the document again.</source>
        <translation>Не приймайте цей підпис. Підписувач має отримати новий сертифікат і підписати документ ще раз.</translation>
    </message>
    <message>
        <source>It cannot be checked whether the certificate was revoked: the authority&apos;s revocation list is missing</source>
        <translation>Неможливо перевірити, чи не відкликано сертифікат: відсутній список відкликаних сертифікатів центру сертифікації</translation>
    </message>
    <message>
        <source>Download the current certificate revocation list (CRL) from the authority&apos;s website and add it to the program, then check again.</source>
        <translation>Завантажте актуальний список відкликаних сертифікатів (CRL) з вебсайту центру сертифікації, додайте його до програми й перевірте ще раз.</translation>
    </message>
    <message>
        <source>The certificate revocation list is out of date</source>
        <translation>Список відкликаних сертифікатів застарів</translation>
    </message>
    <message>
        <source>Download the current certificate revocation list (CRL) from the authority&apos;s website and check again.</source>
        <translation>Завантажте актуальний список відкликаних сертифікатів (CRL) з вебсайту центру сертифікації й перевірте ще раз.</translation>
    </message>
    <message>
        <source>The signer&apos;s certificate is not meant for signing documents</source>
        <translation>Сертифікат підписувача не призначений для підписання документів</translation>
    </message>
    <message>
        <source>Ask the signer to sign with a signing certificate (many authorities issue a separate one for encryption).</source>
        <translation>Попросіть підписувача підписати документ сертифікатом для підпису (багато центрів сертифікації видають окремий сертифікат для шифрування).</translation>
    </message>
    <message>
        <source>The signature uses an outdated algorithm that is no longer secure</source>
        <translation>У підписі використано застарілий алгоритм, який більше не вважається надійним</translation>
    </message>
    <message>
        <source>Ask the signer to sign again with current software and a current certificate.</source>
        <translation>Попросіть підписувача підписати документ ще раз за допомогою актуального програмного забезпечення й чинного сертифіката.</translation>
    </message>
    <message>
        <source>The document was changed after this signature: more than other signatures was added</source>
        <translation>Документ змінено після накладення цього підпису: додано не лише інші підписи</translation>
    </message>
    <message>
        <source>The signed version may differ from what you see. Ask the signer for the original signed document.</source>
        <translation>Підписана версія може відрізнятися від того, що ви бачите. Попросіть підписувача надіслати оригінал підписаного документа.</translation>
    </message>
    <message>
        <source>The signature cannot be read: it is damaged or in an unknown format</source>
        <translation>Не вдається прочитати підпис: його пошкоджено або він має невідомий формат</translation>
    </message>
    <message>
        <source>Ask the signer to send the signed document again.</source>
        <translation>Попросіть підписувача надіслати підписаний документ ще раз.</translation>
    </message>
    <message>
        <source>The signature is valid</source>
        <translation>Підпис дійсний</translation>
    </message>
    <message>
        <source>The signature is NOT valid</source>
        <translation>Підпис НЕДІЙСНИЙ</translation>
    </message>
    <message>
        <source>The signature could not be fully checked</source>
        <translation>Підпис не вдалося перевірити повністю</translation>
    </message>
    <message>
        <source>The signing time is outside the document&apos;s lifetime</source>
        <translation>Час підписання не відповідає часу існування документа</translation>
    </message>
    <message>
        <source>Check the clock of the computer that signed, then sign again</source>
        <translation>Перевірте годинник комп’ютера, на якому підписували, і підпишіть документ ще раз</translation>
    </message>
</context>
<context>
    <name>oblik::docs::DocumentSigner</name>
    <message>
        <source>Issued by the supplier</source>
        <translation>Видано постачальником</translation>
    </message>
</context>
<context>
    <name>oblik::documents::Renderer</name>
    <message>
        <source>total</source>
        <translation>загальна</translation>
    </message>
    <message>
        <source>day</source>
        <translation>день</translation>
    </message>
    <message>
        <source>night</source>
        <translation>ніч</translation>
    </message>
    <message>
        <source>peak</source>
        <translation>пік</translation>
    </message>
    <message>
        <source>half-peak</source>
        <translation>напівпік</translation>
    </message>
    <message>
        <source>active</source>
        <translation>активна</translation>
    </message>
    <message>
        <source>reactive</source>
        <translation>реактивна</translation>
    </message>
    <message>
        <source>generation</source>
        <translation>генерація</translation>
    </message>
    <message>
        <source>kvarh</source>
        <translation>квар·год</translation>
    </message>
    <message>
        <source>kWh</source>
        <translation>кВт·год</translation>
    </message>
    <message>
        <source>Active electric energy</source>
        <translation>Активна електрична енергія</translation>
    </message>
    <message>
        <source>Reactive energy flow compensation</source>
        <translation>Компенсація перетікання реактивної енергії</translation>
    </message>
    <message>
        <source>Electric energy consumed over the contract limit</source>
        <translation>Електрична енергія, спожита понад договірний ліміт</translation>
    </message>
    <message>
        <source>Credit for electric energy generated</source>
        <translation>Зарахування за згенеровану електричну енергію</translation>
    </message>
    <message>
        <source>%1, %2 zone</source>
        <translation>%1, зона: %2</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>чернетка</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>готово</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>передано</translation>
    </message>
    <message>
        <source>processed</source>
        <translation>оброблено</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>відхилено</translation>
    </message>
    <message>
        <source>Active energy</source>
        <translation>Активна електроенергія</translation>
    </message>
    <message>
        <source>Reactive energy</source>
        <translation>Реактивна електроенергія</translation>
    </message>
    <message>
        <source>Over-limit consumption</source>
        <translation>Перевищення ліміту споживання</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Послуги</translation>
    </message>
    <message>
        <source>Penalties</source>
        <translation>Штрафні санкції</translation>
    </message>
    <message>
        <source>planned advance payment for electric energy</source>
        <translation>плановий аванс за електричну енергію</translation>
    </message>
    <message>
        <source>for active electric energy</source>
        <translation>за активну електричну енергію</translation>
    </message>
    <message>
        <source>for reactive energy flow compensation</source>
        <translation>за компенсацію перетікання реактивної енергії</translation>
    </message>
    <message>
        <source>for electric energy consumed over the limit</source>
        <translation>за електричну енергію, спожиту понад ліміт</translation>
    </message>
    <message>
        <source>for services</source>
        <translation>за послуги</translation>
    </message>
    <message>
        <source>correction</source>
        <translation>коригування</translation>
    </message>
    <message>
        <source>No. %1 dated %2</source>
        <translation>№ %1 від %2</translation>
    </message>
    <message>
        <source>No. %1</source>
        <translation>№ %1</translation>
    </message>
    <message>
        <source>EDRPOU</source>
        <translation>ЄДРПОУ</translation>
    </message>
    <message>
        <source>IPN</source>
        <translation>ІПН</translation>
    </message>
    <message>
        <source>IBAN</source>
        <translation>IBAN</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>Банк</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адреса</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>phone %1</source>
        <translation>тел. %1</translation>
    </message>
    <message>
        <source>District office</source>
        <translation>Районний підрозділ</translation>
    </message>
    <message>
        <source>Personal account</source>
        <translation>Особовий рахунок</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Договір</translation>
    </message>
    <message>
        <source>(signature)</source>
        <translation>(підпис)</translation>
    </message>
    <message>
        <source>(full name)</source>
        <translation>(прізвище, ініціали)</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Постачальник</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Споживач</translation>
    </message>
    <message>
        <source>UAH</source>
        <translation>грн</translation>
    </message>
    <message>
        <source>including VAT %1%: %2 UAH</source>
        <translation>у тому числі ПДВ %1%: %2 грн</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Найменування</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Од. вим.</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Кількість</translation>
    </message>
    <message>
        <source>Tariff, UAH</source>
        <translation>Тариф, грн</translation>
    </message>
    <message>
        <source>Coeff.</source>
        <translation>Коеф.</translation>
    </message>
    <message>
        <source>Amount without VAT, UAH</source>
        <translation>Сума без ПДВ, грн</translation>
    </message>
    <message>
        <source>VAT, UAH</source>
        <translation>ПДВ, грн</translation>
    </message>
    <message>
        <source>Amount with VAT, UAH</source>
        <translation>Сума з ПДВ, грн</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Всього</translation>
    </message>
    <message>
        <source>Payment for electric energy, invoice No. %1, personal account %2</source>
        <translation>Оплата за електричну енергію, рахунок № %1, особовий рахунок %2</translation>
    </message>
    <message>
        <source>Payment for reactive energy, invoice No. %1, personal account %2</source>
        <translation>Оплата за реактивну енергію, рахунок № %1, особовий рахунок %2</translation>
    </message>
    <message>
        <source>Payment for services, invoice No. %1, personal account %2</source>
        <translation>Оплата за послуги, рахунок № %1, особовий рахунок %2</translation>
    </message>
    <message>
        <source>Payment of penalties, invoice No. %1, personal account %2</source>
        <translation>Сплата штрафних санкцій, рахунок № %1, особовий рахунок %2</translation>
    </message>
    <message>
        <source>Invoice No. %1 dated %2</source>
        <translation>Рахунок № %1 від %2</translation>
    </message>
    <message>
        <source>period: %1</source>
        <translation>період: %1</translation>
    </message>
    <message>
        <source>Corrects invoice No. %1</source>
        <translation>Коригує рахунок № %1</translation>
    </message>
    <message>
        <source>Consumer (payer)</source>
        <translation>Споживач (платник)</translation>
    </message>
    <message>
        <source>Total of the correction (credited):</source>
        <translation>Всього за коригуванням (зараховано):</translation>
    </message>
    <message>
        <source>Total to pay:</source>
        <translation>Всього до сплати:</translation>
    </message>
    <message>
        <source>Payment due by %1.</source>
        <translation>Термін оплати — до %1.</translation>
    </message>
    <message>
        <source>Paid under this invoice: %1 UAH; remaining: %2 UAH.</source>
        <translation>Оплачено за цим рахунком: %1 грн; залишок до сплати: %2 грн.</translation>
    </message>
    <message>
        <source>Payment details</source>
        <translation>Реквізити для оплати</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Отримувач</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сума</translation>
    </message>
    <message>
        <source>Scan the QR code with your bank&apos;s app to pay this invoice.</source>
        <translation>Щоб сплатити цей рахунок, відскануйте QR-код у застосунку свого банку.</translation>
    </message>
    <message>
        <source>Issued by (supplier)</source>
        <translation>Рахунок виписав (постачальник)</translation>
    </message>
    <message>
        <source>Breakdown of the charge</source>
        <translation>Розшифровка нарахувань</translation>
    </message>
    <message>
        <source>to invoice No. %1 dated %2, period: %3</source>
        <translation>до рахунку № %1 від %2, період: %3</translation>
    </message>
    <message>
        <source>personal account %1</source>
        <translation>особовий рахунок %1</translation>
    </message>
    <message>
        <source>Metering point</source>
        <translation>Точка обліку</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>Енергія</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Зона</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>Споживання</translation>
    </message>
    <message>
        <source>Subtracted (sub-consumers)</source>
        <translation>Віднято (субспоживачі)</translation>
    </message>
    <message>
        <source>Payable</source>
        <translation>До оплати</translation>
    </message>
    <message>
        <source>Amount, UAH</source>
        <translation>Сума, грн</translation>
    </message>
    <message>
        <source>Total under the invoice</source>
        <translation>Всього за рахунком</translation>
    </message>
    <message>
        <source>Energy in kWh (reactive: kvarh). Tariffs and amounts include VAT %1%; a point&apos;s amount is its payable energy x tariff x coefficient, rounded to the kopeck.</source>
        <translation>Енергія в кВт·год (реактивна — у квар·год). Тарифи та суми наведено з ПДВ %1%; сума по точці обліку дорівнює енергії до оплати × тариф × коефіцієнт, з округленням до копійки.</translation>
    </message>
    <message>
        <source>Energy in kWh (reactive: kvarh). Tariffs and amounts exclude VAT; VAT %1% is added to the invoice&apos;s total.</source>
        <translation>Енергія в кВт·год (реактивна — у квар·год). Тарифи та суми наведено без ПДВ; ПДВ %1% нараховується на загальну суму рахунку.</translation>
    </message>
    <message>
        <source>Information message</source>
        <translation>Інформаційне повідомлення</translation>
    </message>
    <message>
        <source>on the settlements for %1 (%2), personal account %3</source>
        <translation>про розрахунки за %1 (%2), особовий рахунок %3</translation>
    </message>
    <message>
        <source>Settlements</source>
        <translation>Розрахунки</translation>
    </message>
    <message>
        <source>Balance at the start of the period (debt +, overpayment −)</source>
        <translation>Сальдо на початок періоду (заборгованість +, переплата −)</translation>
    </message>
    <message>
        <source>Charged in the period</source>
        <translation>Нараховано за період</translation>
    </message>
    <message>
        <source>Paid in the period</source>
        <translation>Оплачено за період</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>До сплати</translation>
    </message>
    <message>
        <source>To pay:</source>
        <translation>До сплати:</translation>
    </message>
    <message>
        <source>Please pay by %1.</source>
        <translation>Просимо сплатити до %1.</translation>
    </message>
    <message>
        <source>Nothing to pay: your account has no debt.</source>
        <translation>Сплачувати нічого: заборгованості за особовим рахунком немає.</translation>
    </message>
    <message>
        <source>Where to pay</source>
        <translation>Де сплатити</translation>
    </message>
    <message>
        <source>by bank transfer to %1, account %2, EDRPOU %3; state the personal account %4 and the invoice number %5 in the purpose of payment;</source>
        <translation>безготівковим переказом на користь %1, рахунок %2, ЄДРПОУ %3; у призначенні платежу зазначте особовий рахунок %4 і номер рахунку %5;</translation>
    </message>
    <message>
        <source>at the district office %1: %2, phone %3;</source>
        <translation>у районному підрозділі %1: %2, тел. %3;</translation>
    </message>
    <message>
        <source>in the consumer&apos;s cabinet (payments are matched to invoices by the personal account).</source>
        <translation>у кабінеті споживача (платежі зараховуються в оплату рахунків за особовим рахунком).</translation>
    </message>
    <message>
        <source>Questions about the invoice: phone %1.</source>
        <translation>З питань щодо рахунку: тел. %1.</translation>
    </message>
    <message>
        <source>Act of reactive energy compensation No. %1 dated %2</source>
        <translation>Акт про компенсацію перетікання реактивної енергії № %1 від %2</translation>
    </message>
    <message>
        <source>The consumer has compensated the flows of reactive energy in %1 under contract %2, personal account %3, in the following amount:</source>
        <translation>Споживач компенсував перетікання реактивної енергії за %1 згідно з договором %2, особовий рахунок %3, у такому обсязі:</translation>
    </message>
    <message>
        <source>Act of transfer of goods (services) No. %1 dated %2</source>
        <translation>Акт приймання-передачі товарів (послуг) № %1 від %2</translation>
    </message>
    <message>
        <source>The supplier has transferred and the consumer has accepted in %1 under contract %2, personal account %3, the following goods (services):</source>
        <translation>Постачальник передав, а споживач прийняв за %1 згідно з договором %2, особовий рахунок %3, такі товари (послуги):</translation>
    </message>
    <message>
        <source>Act of acceptance and transfer of electric energy No. %1 dated %2</source>
        <translation>Акт прийому-передачі електричної енергії № %1 від %2</translation>
    </message>
    <message>
        <source>The supplier has supplied and the consumer has accepted in %1 under contract %2, personal account %3, the following electric energy:</source>
        <translation>Постачальник поставив, а споживач прийняв за %1 згідно з договором %2, особовий рахунок %3, таку електричну енергію:</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>Всього:</translation>
    </message>
    <message>
        <source>The parties have no claims against each other as to the quantity and quality.</source>
        <translation>Сторони претензій одна до одної щодо кількості та якості не мають.</translation>
    </message>
    <message>
        <source>Act of reconciliation of zone-tariff metering</source>
        <translation>Акт звіряння обсягів обліку за тарифами, диференційованими за зонами доби</translation>
    </message>
    <message>
        <source>The parties have reconciled the electric energy consumed in %1 by the tariff zones of the meters under contract %2:</source>
        <translation>Сторони звірили обсяги електричної енергії, спожитої за %1, за зонами доби лічильників згідно з договором %2:</translation>
    </message>
    <message>
        <source>Consumption, kWh</source>
        <translation>Споживання, кВт·год</translation>
    </message>
    <message>
        <source>Subtracted, kWh</source>
        <translation>Віднято, кВт·год</translation>
    </message>
    <message>
        <source>Payable, kWh</source>
        <translation>До оплати, кВт·год</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Сторінка %1 з %2</translation>
    </message>
    <message>
        <source>Meter readings act for %1</source>
        <translation>Акт показників лічильників за %1</translation>
    </message>
    <message>
        <source>dated %1</source>
        <translation>від %1</translation>
    </message>
    <message>
        <source>blank: current readings to be filled in by hand</source>
        <translation>бланк: поточні показники заповнюються вручну</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Об’єкт</translation>
    </message>
    <message>
        <source>Meter No.</source>
        <translation>№ лічильника</translation>
    </message>
    <message>
        <source>Meter type</source>
        <translation>Тип лічильника</translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation>Коеф. трансф.</translation>
    </message>
    <message>
        <source>Previous date</source>
        <translation>Попередня дата</translation>
    </message>
    <message>
        <source>Previous reading</source>
        <translation>Попередній показник</translation>
    </message>
    <message>
        <source>Current date</source>
        <translation>Поточна дата</translation>
    </message>
    <message>
        <source>Current reading</source>
        <translation>Поточний показник</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Стан</translation>
    </message>
    <message>
        <source>Readings taken on &quot;____&quot; ______________ 20____ by the consumer&apos;s representative; the register values are written in full, with all digits.</source>
        <translation>Показники знято «____» ______________ 20____ р. представником споживача; значення лічильних механізмів записано повністю, з усіма розрядами.</translation>
    </message>
    <message>
        <source>Consumption is (current − previous reading) × ratio, counting a register&apos;s roll-over past its digits.</source>
        <translation>Споживання = (поточний − попередній показник) × коефіцієнт трансформації, з урахуванням переходу лічильного механізму через нуль.</translation>
    </message>
    <message>
        <source>Tax invoice No. %1 dated %2</source>
        <translation>Податкова накладна № %1 від %2</translation>
    </message>
    <message>
        <source>to invoice No. %1, period: %2</source>
        <translation>до рахунку № %1, період: %2</translation>
    </message>
    <message>
        <source>Correction calculation to tax invoice No. %1</source>
        <translation>Розрахунок коригування до податкової накладної № %1</translation>
    </message>
    <message>
        <source>Seller</source>
        <translation>Продавець</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>Покупець</translation>
    </message>
    <message>
        <source>Total amount without VAT</source>
        <translation>Загальна сума без ПДВ</translation>
    </message>
    <message>
        <source>VAT at %1%</source>
        <translation>ПДВ за ставкою %1%</translation>
    </message>
    <message>
        <source>Total amount with VAT</source>
        <translation>Загальна сума з ПДВ</translation>
    </message>
    <message>
        <source>Total with VAT:</source>
        <translation>Всього з ПДВ:</translation>
    </message>
    <message>
        <source>Compiled by (seller)</source>
        <translation>Склав (продавець)</translation>
    </message>
    <message>
        <source>Turnover statement for %1</source>
        <translation>Оборотно-сальдова відомість за %1</translation>
    </message>
    <message>
        <source>Article, UAH</source>
        <translation>Стаття, грн</translation>
    </message>
    <message>
        <source>Opening balance</source>
        <translation>Сальдо на початок періоду</translation>
    </message>
    <message>
        <source>Turnover in the period</source>
        <translation>Обороти за період</translation>
    </message>
    <message>
        <source>Closing balance</source>
        <translation>Сальдо на кінець періоду</translation>
    </message>
    <message>
        <source>debit</source>
        <translation>дебет</translation>
    </message>
    <message>
        <source>credit</source>
        <translation>кредит</translation>
    </message>
    <message>
        <source>charged</source>
        <translation>нараховано</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>оплачено</translation>
    </message>
    <message>
        <source>Debt at the end of the period:</source>
        <translation>Заборгованість на кінець періоду:</translation>
    </message>
    <message>
        <source>Overpayment at the end of the period:</source>
        <translation>Переплата на кінець періоду:</translation>
    </message>
    <message>
        <source>No debt at the end of the period.</source>
        <translation>Заборгованості на кінець періоду немає.</translation>
    </message>
    <message>
        <source>Payment history from %1 to %2</source>
        <translation>Історія платежів з %1 по %2</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Стаття</translation>
    </message>
    <message>
        <source>Purpose of payment</source>
        <translation>Призначення платежу</translation>
    </message>
    <message>
        <source>Invoices paid</source>
        <translation>Оплачені рахунки</translation>
    </message>
    <message>
        <source>Not allocated, UAH</source>
        <translation>Не розподілено, грн</translation>
    </message>
    <message>
        <source>No payments in this period.</source>
        <translation>Платежів за цей період немає.</translation>
    </message>
    <message>
        <source>Total paid:</source>
        <translation>Всього сплачено:</translation>
    </message>
    <message>
        <source>Balance at the end of the period (debt +, overpayment −)</source>
        <translation>Сальдо на кінець періоду (заборгованість +, переплата −)</translation>
    </message>
    <message>
        <source>This invoice is paid in full; the balance above is owed under other invoices.</source>
        <translation>Цей рахунок оплачено повністю; сальдо вище — заборгованість за іншими рахунками.</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>посл.</translation>
    </message>
    <message>
        <source>This planned advance is settled: its period has been billed, and nothing remains to pay under it.</source>
        <translation>Цей плановий аванс погашено: період розраховано, за цим рахунком нічого не залишилося до сплати.</translation>
    </message>
</context>
<context>
    <name>oblik::http</name>
    <message>
        <source>Unauthorized</source>
        <translation>Не авторизовано</translation>
    </message>
    <message>
        <source>The login or the password is wrong.</source>
        <translation>Неправильний логін або пароль.</translation>
    </message>
    <message>
        <source>Too Many Requests</source>
        <translation>Забагато запитів</translation>
    </message>
    <message numerus="yes">
        <source>Too many failed logins. Try again in %n second(s).</source>
        <translation>
            <numerusform>Забагато невдалих спроб входу. Спробуйте знову через %n секунду.</numerusform>
            <numerusform>Забагато невдалих спроб входу. Спробуйте знову через %n секунди.</numerusform>
            <numerusform>Забагато невдалих спроб входу. Спробуйте знову через %n секунд.</numerusform>
        </translation>
    </message>
    <message>
        <source>Log in first: the session is missing, unknown or expired.</source>
        <translation>Спершу увійдіть: сеанс відсутній, невідомий або завершився.</translation>
    </message>
    <message>
        <source>Bad Request</source>
        <translation>Некоректний запит</translation>
    </message>
    <message>
        <source>The request body is not a JSON object.</source>
        <translation>Тіло запиту не є обʼєктом JSON.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; is required.</source>
        <translation>Поле «%1» обовʼязкове.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; has an invalid value.</source>
        <translation>Поле «%1» має некоректне значення.</translation>
    </message>
    <message>
        <source>Payload Too Large</source>
        <translation>Завеликий запит</translation>
    </message>
    <message>
        <source>The request is larger than %1 bytes.</source>
        <translation>Запит більший за %1 байтів.</translation>
    </message>
    <message>
        <source>Not Found</source>
        <translation>Не знайдено</translation>
    </message>
    <message>
        <source>Nothing was found at this address.</source>
        <translation>За цією адресою нічого не знайдено.</translation>
    </message>
    <message>
        <source>Method Not Allowed</source>
        <translation>Метод не дозволено</translation>
    </message>
    <message>
        <source>This address does not accept %1.</source>
        <translation>Ця адреса не приймає %1.</translation>
    </message>
    <message>
        <source>Internal Server Error</source>
        <translation>Внутрішня помилка сервера</translation>
    </message>
    <message>
        <source>The server could not answer. Try again later.</source>
        <translation>Сервер не зміг відповісти. Спробуйте пізніше.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be a month written YYYY-MM, with the month from 01 to 12 (for example 2026-10); &quot;%2&quot; is not.</source>
        <translation>Поле «%1» має містити місяць у форматі РРРР-ММ, де місяць від 01 до 12 (наприклад, 2026-10); «%2» не відповідає цьому формату.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be a date written YYYY-MM-DD (for example 2026-10-05); &quot;%2&quot; is not.</source>
        <translation>Поле «%1» має містити дату у форматі РРРР-ММ-ДД (наприклад, 2026-10-05); «%2» не відповідає цьому формату.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be an amount in UAH as a string with a dot and at most two decimals (for example &quot;1238.88&quot;); &quot;%2&quot; is not.</source>
        <translation>Поле «%1» має містити суму в гривнях як рядок із крапкою та не більше ніж двома знаками після неї (наприклад, &quot;1238.88&quot;); «%2» не відповідає цьому формату.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be written as %2; &quot;%3&quot; is not.</source>
        <translation>Поле «%1» має бути записане у форматі %2; «%3» не відповідає цьому формату.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must not be zero.</source>
        <translation>Поле «%1» не може дорівнювати нулю.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be greater than zero; &quot;%2&quot; is not.</source>
        <translation>Поле «%1» має бути більшим за нуль; «%2» — ні.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must be a text of 1 to %2 characters.</source>
        <translation>Поле «%1» має містити текст від 1 до %2 символів.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; must hold 1 to %2 items; it has %3.</source>
        <translation>Поле «%1» має містити від 1 до %2 елементів; їх %3.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; may not be after %2; &quot;%3&quot; is.</source>
        <translation>Поле «%1» не може бути пізніше за %2; «%3» — пізніше.</translation>
    </message>
    <message>
        <source>The field &quot;%1&quot; gives an amount over %2 UAH (%3): check the quantity and the price.</source>
        <translation>Поле «%1» дає суму понад %2 грн (%3): перевірте кількість і ціну.</translation>
    </message>
</context>
<context>
    <name>oblik::store::Database</name>
    <message>
        <source>cannot create the folder %1</source>
        <translation>не вдається створити теку %1</translation>
    </message>
    <message>
        <source>the Qt SQL driver %1 is not available</source>
        <translation>драйвер Qt SQL %1 недоступний</translation>
    </message>
    <message>
        <source>configuring the connection failed: %1</source>
        <translation>не вдалося налаштувати зʼєднання: %1</translation>
    </message>
</context>
<context>
    <name>oblik::store::DatabaseUrl</name>
    <message>
        <source>use sqlite:PATH or postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME</source>
        <translation>вкажіть sqlite:ШЛЯХ або postgresql://КОРИСТУВАЧ[:ПАРОЛЬ]@ХОСТ[:ПОРТ]/НАЗВА</translation>
    </message>
    <message>
        <source>the database URL is empty; %1</source>
        <translation>адресу бази даних не вказано; %1</translation>
    </message>
    <message>
        <source>the SQLite URL has no file path; %1</source>
        <translation>в адресі SQLite немає шляху до файлу; %1</translation>
    </message>
    <message>
        <source>an in-memory SQLite database cannot be shared between connections; give a file path</source>
        <translation>базу SQLite у памʼяті не можна спільно використовувати з кількох зʼєднань; вкажіть шлях до файлу</translation>
    </message>
    <message>
        <source>the database URL has no scheme; %1</source>
        <translation>в адресі бази даних не вказано схему; %1</translation>
    </message>
    <message>
        <source>unsupported database scheme &quot;%1&quot;; %2</source>
        <translation>непідтримувана схема бази даних «%1»; %2</translation>
    </message>
    <message>
        <source>the PostgreSQL URL is malformed (%1); %2</source>
        <translation>адреса PostgreSQL некоректна (%1); %2</translation>
    </message>
    <message>
        <source>the PostgreSQL URL has no user name; %1</source>
        <translation>в адресі PostgreSQL немає імені користувача; %1</translation>
    </message>
    <message>
        <source>the PostgreSQL URL has no host; %1</source>
        <translation>в адресі PostgreSQL немає хоста; %1</translation>
    </message>
    <message>
        <source>the PostgreSQL URL has no database name (or more than one path segment); %1</source>
        <translation>в адресі PostgreSQL немає назви бази даних (або шлях містить більше одного сегмента); %1</translation>
    </message>
    <message>
        <source>the PostgreSQL URL must not have query options or a fragment; %1</source>
        <translation>адреса PostgreSQL не повинна містити параметрів запиту чи фрагмента; %1</translation>
    </message>
    <message>
        <source>the PostgreSQL port must be between 1 and 65535</source>
        <translation>порт PostgreSQL має бути від 1 до 65535</translation>
    </message>
</context>
</TS>
