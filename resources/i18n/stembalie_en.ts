<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="nl">
<context>
    <name>AcclaimDialog</name>
    <message>
        <source>Acclamatie</source>
        <translation>Acclamation</translation>
    </message>
    <message>
        <source>Vastleggen (Enter)</source>
        <translation>Record (Enter)</translation>
    </message>
    <message>
        <source>Er worden geen stemmen per gemeente vastgelegd; de aanwezigheid nu wordt bewaard voor de notulen. Wat zegt de voorzitter?</source>
        <translation>No votes are recorded per municipality; who is present now is kept for the minutes. What does the chair say?</translation>
    </message>
    <message>
        <source>Verklaring van de voorzitter</source>
        <translation>Chair&apos;s statement</translation>
    </message>
    <message>
        <source>Vul in wat de voorzitter zegt.</source>
        <translation>Enter what the chair says.</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <source>Annuleren (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
</context>
<context>
    <name>AgendaEditor</name>
    <message>
        <source>Agenda bewerken</source>
        <extracomment>The list&apos;s least width on opening (the buttons wrap below it; the titles wrap in it).</extracomment>
        <translation>Edit the agenda</translation>
    </message>
    <message>
        <source>JJJJ-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <source>&amp;Vergadering</source>
        <translation>&amp;Meeting</translation>
    </message>
    <message>
        <source>Dat&amp;um</source>
        <translation>Dat&amp;e</translation>
    </message>
    <message>
        <source>P&amp;laats</source>
        <translation>P&amp;lace</translation>
    </message>
    <message>
        <source>Agendapunt</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Stemwijze</source>
        <translation>How it is voted</translation>
    </message>
    <message>
        <source>Stemvolgorde</source>
        <translation>Voting order</translation>
    </message>
    <message>
        <source>Inlezen… (Ctrl+O)</source>
        <translation>Import… (Ctrl+O)</translation>
    </message>
    <message>
        <source>Exporteren… (Ctrl+E)</source>
        <translation>Export… (Ctrl+E)</translation>
    </message>
    <message>
        <source>Opslaan (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>Sluiten (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>&amp;Agendapunten</source>
        <translation>&amp;Agenda items</translation>
    </message>
    <message>
        <source>Nummer</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Soort</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Nieuw punt (Ctrl+N)</source>
        <translation>New item (Ctrl+N)</translation>
    </message>
    <message>
        <source>Amendement (Ctrl+Shift+A)</source>
        <translation>Amendment (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <source>Motie (Ctrl+Shift+M)</source>
        <translation>Motion (Ctrl+Shift+M)</translation>
    </message>
    <message>
        <source>Verwijderen (Del)</source>
        <translation>Remove (Del)</translation>
    </message>
    <message>
        <source>Omhoog (Alt+↑)</source>
        <translation>Up (Alt+↑)</translation>
    </message>
    <message>
        <source>Omlaag (Alt+↓)</source>
        <translation>Down (Alt+↓)</translation>
    </message>
    <message>
        <source>bijv. 4, 4.A1, 4.M1</source>
        <translation>e.g. 4, 4.A1, 4.M1</translation>
    </message>
    <message>
        <source>gemeentecodes, bijv. GM0153, GM0363</source>
        <translation>municipality codes, e.g. GM0153, GM0363</translation>
    </message>
    <message>
        <source>(geen)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>&amp;Nummer</source>
        <translation>&amp;Number</translation>
    </message>
    <message>
        <source>&amp;Soort</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <source>&amp;Titel</source>
        <translation>Tit&amp;le</translation>
    </message>
    <message>
        <source>&amp;Doel (wijzigt / hoort bij)</source>
        <translation>Tar&amp;get (amends / belongs to)</translation>
    </message>
    <message>
        <source>&amp;Indieners</source>
        <translation>&amp;Submitters</translation>
    </message>
    <message>
        <source>&amp;Preadvies bestuur</source>
        <translation>Board&apos;s &amp;preadvies</translation>
    </message>
    <message>
        <source>&amp;Meerderheid</source>
        <translation>&amp;Majority</translation>
    </message>
    <message>
        <source>T&amp;ekst (voorstel van het bestuur)</source>
        <translation>Te&amp;xt (the board&apos;s proposal)</translation>
    </message>
    <message>
        <source>N&amp;otitie</source>
        <translation>N&amp;ote</translation>
    </message>
    <message>
        <source>een zaak (stemgedrag per lid openbaar)</source>
        <translation>a matter (each member&apos;s vote public)</translation>
    </message>
    <message>
        <source>personen</source>
        <translation>persons</translation>
    </message>
    <message>
        <source>volgens de vergaderinstelling</source>
        <translation>as the meeting setting says</translation>
    </message>
    <message>
        <source>geheim</source>
        <translation>secret</translation>
    </message>
    <message>
        <source>openbaar</source>
        <translation>public</translation>
    </message>
    <message>
        <source>Hoe verstrekkend: een hoger getal wordt eerder gestemd.</source>
        <translation>How far-reaching: a higher number is voted on first.</translation>
    </message>
    <message>
        <source>één keuze per regel (leeg: voor / tegen / onthouding)</source>
        <translation>one choice per line (empty: for / against / abstain)</translation>
    </message>
    <message>
        <source>Deel</source>
        <translation>Part</translation>
    </message>
    <message>
        <source>Titel</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Tekst</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Deel toevoegen</source>
        <translation>Add part</translation>
    </message>
    <message>
        <source>Deel verwijderen</source>
        <translation>Remove part</translation>
    </message>
    <message>
        <source>Stemming &amp;over</source>
        <translation>Vote &amp;on</translation>
    </message>
    <message>
        <source>&amp;Geheim</source>
        <translation>Se&amp;cret</translation>
    </message>
    <message>
        <source>&amp;Reikwijdte</source>
        <translation>&amp;Reach</translation>
    </message>
    <message>
        <source>&amp;Keuzes (stembriefje)</source>
        <translation>&amp;Choices (ballot)</translation>
    </message>
    <message>
        <source>Gesplitst in &amp;delen</source>
        <translation>Split into &amp;parts</translation>
    </message>
    <message>
        <source>Standaardvolgorde (volgens de vergaderinstelling)</source>
        <translation>Default order (as the meeting setting says)</translation>
    </message>
    <message>
        <source>Eigen volgorde</source>
        <translation>Own order</translation>
    </message>
    <message>
        <source>Eerder (Alt+↑)</source>
        <translation>Earlier (Alt+↑)</translation>
    </message>
    <message>
        <source>Later (Alt+↓)</source>
        <translation>Later (Alt+↓)</translation>
    </message>
    <message>
        <source>Opnieuw berekenen</source>
        <translation>Compute again</translation>
    </message>
    <message>
        <source>Er is al gestemd: de agenda kan niet meer worden gewijzigd. U kunt hem bekijken en exporteren; de stemvolgorde wijzigt u in het tabblad Stemmingen.</source>
        <translation>Votes have been held: the agenda can no longer be changed. You can view and export it; change the voting order in the Votes tab.</translation>
    </message>
    <message>
        <source>Niet opgeslagen wijzigingen</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>Agenda opgeslagen: {items}, {votes}.</source>
        <translation>Agenda saved: {items}, {votes}.</translation>
    </message>
    <message>
        <source>Niet opgeslagen: {count}. Dubbelklik op een fout om naar het agendapunt te gaan.</source>
        <translation>Not saved: {count}. Double-click a problem to go to its item.</translation>
    </message>
    <message>
        <source>Ingelezen uit {name}: nog niet opgeslagen.</source>
        <translation>Imported from {name}: not saved yet.</translation>
    </message>
    <message>
        <source>Agenda inlezen</source>
        <translation>Import agenda</translation>
    </message>
    <message>
        <source>Agenda (*.toml *.xlsx *.csv);;Alle bestanden (*)</source>
        <translation>Agenda (*.toml *.xlsx *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>Geëxporteerd naar {name}.</source>
        <translation>Exported to {name}.</translation>
    </message>
    <message>
        <source>Agenda exporteren</source>
        <translation>Export agenda</translation>
    </message>
    <message>
        <source>Agendabestand (*.toml);;Spreadsheet, alleen de kolommen van het blad (*.xlsx)</source>
        <translation>Agenda file (*.toml);;Spreadsheet, only the sheet&apos;s columns (*.xlsx)</translation>
    </message>
    <message>
        <source>De wijzigingen in de agenda zijn nog niet opgeslagen. Nu opslaan?</source>
        <translation>The changes to the agenda have not been saved. Save them now?</translation>
    </message>
</context>
<context>
    <name>AgendaPanel</name>
    <message>
        <source>Agenda in stemvolgorde</source>
        <translation>Agenda in voting order</translation>
    </message>
    <message>
        <source>nr</source>
        <translation>no.</translation>
    </message>
    <message>
        <source>Punt</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Soort</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Titel</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Preadvies</source>
        <translation>Advice</translation>
    </message>
    <message>
        <source>Meerderheid</source>
        <translation>Majority</translation>
    </message>
    <message>
        <source>Stand</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Agenda en stemvolgorde</source>
        <translation>Agenda and voting order</translation>
    </message>
    <message>
        <source>Omhoog (Ctrl+↑)</source>
        <translation>Up (Ctrl+↑)</translation>
    </message>
    <message>
        <source>Omlaag (Ctrl+↓)</source>
        <translation>Down (Ctrl+↓)</translation>
    </message>
    <message>
        <source>Standaardvolgorde</source>
        <translation>Default order</translation>
    </message>
    <message>
        <source>Agenda inlezen… (Ctrl+O)</source>
        <translation>Import agenda… (Ctrl+O)</translation>
    </message>
    <message>
        <source>Stemformulier (PDF)… (Ctrl+P)</source>
        <translation>Choice sheet (PDF)… (Ctrl+P)</translation>
    </message>
    <message>
        <source>Fouten in het agendabestand</source>
        <translation>Problems in the agenda file</translation>
    </message>
    <message>
        <source>procedureel</source>
        <translation>procedural</translation>
    </message>
    <message>
        <source>voorstel</source>
        <translation>proposal</translation>
    </message>
    <message>
        <source>resolutie</source>
        <translation>resolution</translation>
    </message>
    <message>
        <source>amendement</source>
        <translation>amendment</translation>
    </message>
    <message>
        <source>subamendement</source>
        <translation>sub-amendment</translation>
    </message>
    <message>
        <source>motie</source>
        <translation>motion</translation>
    </message>
    <message>
        <source> · personen</source>
        <translation> · persons</translation>
    </message>
    <message>
        <source> · geheim</source>
        <translation> · secret</translation>
    </message>
    <message>
        <source> · {n} opties</source>
        <translation> · {n} options</translation>
    </message>
    <message>
        <source> (herstemming)</source>
        <translation> (new vote)</translation>
    </message>
    <message>
        <source>open — stemming {n}</source>
        <translation>open — vote {n}</translation>
    </message>
    <message>
        <source>gesloten — uitslag vaststellen</source>
        <translation>closed — declare the result</translation>
    </message>
    <message>
        <source>aangenomen bij acclamatie</source>
        <translation>adopted by acclamation</translation>
    </message>
    <message>
        <source>vastgesteld</source>
        <translation>declared</translation>
    </message>
    <message>
        <source>gekozen: {option}</source>
        <translation>chosen: {option}</translation>
    </message>
    <message>
        <source>aangenomen</source>
        <translation>adopted</translation>
    </message>
    <message>
        <source>verworpen</source>
        <translation>rejected</translation>
    </message>
    <message>
        <source>Het bestand {path} kan niet worden gelezen: {reason}</source>
        <translation>The file {path} cannot be read: {reason}</translation>
    </message>
    <message>
        <source>Agenda ingelezen uit {name}: {items}, {votes}.</source>
        <translation>Agenda imported from {name}: {items}, {votes}.</translation>
    </message>
    <message>
        <source>Agenda inlezen</source>
        <translation>Import agenda</translation>
    </message>
    <message>
        <source>Agendabestanden (*.toml)</source>
        <translation>Agenda files (*.toml)</translation>
    </message>
    <message>
        <source>Volgorde gewijzigd. Let op:</source>
        <translation>Order changed. Note:</translation>
    </message>
    <message>
        <source>Volgorde gewijzigd: {step} staat nu op plaats {n}.</source>
        <translation>Order changed: {step} is now in position {n}.</translation>
    </message>
    <message>
        <source>De standaardvolgorde geldt weer.</source>
        <translation>The default order applies again.</translation>
    </message>
    <message>
        <source> Dit formulier geldt voor elke stemming over een voorstel of motie.</source>
        <translation> This sheet serves for every vote on a proposal or motion.</translation>
    </message>
    <message>
        <source>Stemformulier opgeslagen: {path}.</source>
        <translation>Choice sheet saved: {path}.</translation>
    </message>
    <message>
        <source>Stemformulier opslaan</source>
        <translation>Save choice sheet</translation>
    </message>
    <message>
        <source>PDF-bestanden (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
</context>
<context>
    <name>CameraPreview</name>
    <message>
        <source>streepjescode hier</source>
        <extracomment>Pixel sizes at scale 1 (a panel of about 1150 x 620 px) and boldness. The smallest scale from the panel&apos;s size; :attr:`TIGHT` only to make the content fit. What was last said to a screen reader (tests read it).</extracomment>
        <translation>barcode here</translation>
    </message>
</context>
<context>
    <name>CardStatusModel</name>
    <message>
        <source>Verstuurd</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Mislukt</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Onzeker</source>
        <translation>Uncertain</translation>
    </message>
    <message>
        <source>Nog niet</source>
        <translation>Not yet</translation>
    </message>
    <message>
        <source>Geen adres</source>
        <translation>No address</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Gemeente</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>E-mailadres</source>
        <translation>E-mail address</translation>
    </message>
    <message>
        <source>Versie</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reden</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Geen e-mailadres bij de vertegenwoordigers</source>
        <translation>No e-mail address with the representatives</translation>
    </message>
    <message>
        <source>Verbinding verbroken na het versturen: vraag na of de kaart aankwam. {error}</source>
        <translation>Connection lost after sending: ask whether the card arrived. {error}</translation>
    </message>
</context>
<context>
    <name>CardsWindow</name>
    <message>
        <source>Stemkaarten maken en versturen</source>
        <extracomment>The preview&apos;s least width (it scales; the list needs the room more on a small screen).</extracomment>
        <translation>Make and send the voting cards</translation>
    </message>
    <message>
        <source>Stemkaarten voor de {meeting}, {date}, {place}</source>
        <translation>Voting cards for the {meeting}, {date}, {place}</translation>
    </message>
    <message>
        <source>1. Kaarten maken</source>
        <translation>1. Make the cards</translation>
    </message>
    <message>
        <source>Map:</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <source>Kiezen…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>&amp;Kaarten maken</source>
        <translation>&amp;Make cards</translation>
    </message>
    <message>
        <source>Maakt van elke gemeente een A4-PDF en een telefoonafbeelding, leest elke kaart terug en schrijft stemkaarten.csv</source>
        <translation>Makes an A4 PDF and a phone image for every municipality, reads every card back and writes stemkaarten.csv</translation>
    </message>
    <message>
        <source>2. Mailserver en testbericht</source>
        <translation>2. Mail server and test message</translation>
    </message>
    <message>
        <source>Wachtwoord:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>&amp;Onthouden (in de sleutelbos van dit systeem)</source>
        <translation>&amp;Remember (in this system&apos;s keyring)</translation>
    </message>
    <message>
        <source>&amp;Testbericht aan mijzelf</source>
        <translation>&amp;Test message to myself</translation>
    </message>
    <message>
        <source>Stuurt één bericht naar het afzenderadres. Pas daarna kan het versturen beginnen.</source>
        <translation>Sends one message to the sender address. Only then can the sending start.</translation>
    </message>
    <message>
        <source>Nog geen testbericht verstuurd.</source>
        <translation>No test message sent yet.</translation>
    </message>
    <message>
        <source>bewaard in de sleutelbos</source>
        <translation>kept in the keyring</translation>
    </message>
    <message>
        <source>wachtwoord van de mailserver</source>
        <translation>password of the mail server</translation>
    </message>
    <message>
        <source>Voorbeeld</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>A4-kaart (PDF)</source>
        <translation>A4 card (PDF)</translation>
    </message>
    <message>
        <source>Telefoon (PNG)</source>
        <translation>Phone (PNG)</translation>
    </message>
    <message>
        <source>Ook &amp;onzekere opnieuw versturen</source>
        <translation>Also resend &amp;uncertain ones</translation>
    </message>
    <message>
        <source>Alleen als de ontvanger meldt dat er niets aankwam: de server kan het eerste bericht al hebben.</source>
        <translation>Only when the recipient reports that nothing arrived: the server may already have the first message.</translation>
    </message>
    <message>
        <source>&amp;Stoppen</source>
        <translation>&amp;Stop</translation>
    </message>
    <message>
        <source>Stopt na het bericht dat nu wordt verstuurd</source>
        <translation>Stops after the message being sent now</translation>
    </message>
    <message>
        <source>Sluiten</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Geen mailserver ingesteld. Vul die in bij Bestand → Instellingen (SMTP).</source>
        <translation>No mail server set up. Fill it in under File → Settings (SMTP).</translation>
    </message>
    <message>
        <source>onbeveiligd</source>
        <translation>unencrypted</translation>
    </message>
    <message>
        <source>Server {host}:{port} ({security}), gebruiker {user}, afzender {sender}. Wijzigen: Bestand → Instellingen.</source>
        <translation>Server {host}:{port} ({security}), user {user}, sender {sender}. Change: File → Settings.</translation>
    </message>
    <message>
        <source>{total} gemeenten: verstuurd {sent} · mislukt {failed} · onzeker {uncertain} · nog niet {not_yet} · geen adres {no_address}</source>
        <translation>{total} municipalities: sent {sent} · failed {failed} · uncertain {uncertain} · not yet {not_yet} · no address {no_address}</translation>
    </message>
    <message>
        <source>&amp;Verder versturen ({n} over)</source>
        <translation>&amp;Continue sending ({n} left)</translation>
    </message>
    <message>
        <source>&amp;Versturen ({n})</source>
        <translation>&amp;Send ({n})</translation>
    </message>
    <message>
        <source>Testbericht niet verstuurd: zie de melding bovenaan.</source>
        <translation>Test message not sent: see the message at the top.</translation>
    </message>
    <message>
        <source>{n} gemaakt en teruggelezen in {s} s. Map: {folder}; index: {index}</source>
        <translation>{n} made and read back in {s} s. Folder: {folder}; index: {index}</translation>
    </message>
    <message>
        <source>{n} versturen naar de gemeentesecretarissen, van {sender}?</source>
        <translation>Send {n} to the municipal secretaries, from {sender}?</translation>
    </message>
    <message>
        <source>Stuur eerst een testbericht aan uzelf.</source>
        <translation>Send a test message to yourself first.</translation>
    </message>
    <message>
        <source>Voorbeeld: {name} ({code}), kaartversie {version}</source>
        <translation>Preview: {name} ({code}), card version {version}</translation>
    </message>
    <message>
        <source>Vul het wachtwoord van de mailserver in.</source>
        <translation>Fill in the password of the mail server.</translation>
    </message>
    <message>
        <source>Het wachtwoord is bewaard in de sleutelbos van dit systeem.</source>
        <translation>The password is kept in this system&apos;s keyring.</translation>
    </message>
    <message>
        <source>Er is geen sleutelbos op dit systeem: het wachtwoord is niet bewaard en wordt de volgende keer opnieuw gevraagd.</source>
        <translation>This system has no keyring: the password was not kept and will be asked for next time.</translation>
    </message>
    <message>
        <source>Het bewaarde wachtwoord is uit de sleutelbos verwijderd.</source>
        <translation>The kept password was removed from the keyring.</translation>
    </message>
    <message>
        <source>Versturen</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>Maken</source>
        <translation>Making</translation>
    </message>
    <message>
        <source>{what}: kaart {done} van {total}, {name} ({code})</source>
        <translation>{what}: card {done} of {total}, {name} ({code})</translation>
    </message>
    <message>
        <source>Onverwachte fout: {error}. Wat verstuurd is, staat in de lijst; probeer opnieuw met &apos;Verder versturen&apos;.</source>
        <translation>Unexpected error: {error}. What was sent is in the list; try again with &apos;Continue sending&apos;.</translation>
    </message>
    <message>
        <source>Stoppen na deze kaart…</source>
        <translation>Stopping after this card…</translation>
    </message>
    <message>
        <source>Map voor de stemkaarten</source>
        <translation>Folder for the voting cards</translation>
    </message>
    <message>
        <source>NIET gemaakt (teruglezen mislukt): {codes}</source>
        <translation>NOT made (read-back failed): {codes}</translation>
    </message>
    <message>
        <source>Testbericht wordt verstuurd aan {sender}…</source>
        <translation>Sending a test message to {sender}…</translation>
    </message>
    <message>
        <source>Testbericht verstuurd aan {to}. Kijk of het aankwam (ook bij ongewenste e-mail); daarna kunt u versturen.</source>
        <translation>Test message sent to {to}. Check that it arrived (also in the junk mail); then you can send.</translation>
    </message>
    <message>
        <source>Stuur eerst een testbericht aan uzelf (knop &apos;Testbericht aan mijzelf&apos;).</source>
        <translation>Send a test message to yourself first (button &apos;Test message to myself&apos;).</translation>
    </message>
    <message>
        <source>Ook de onzekere kaarten gaan opnieuw: wie de eerste al kreeg, krijgt er twee.</source>
        <translation>The uncertain cards go again too: whoever got the first one gets two.</translation>
    </message>
    <message>
        <source>Stemkaarten versturen</source>
        <translation>Send the voting cards</translation>
    </message>
    <message>
        <source>Verstuurd: {sent}, al eerder verstuurd: {already}, mislukt: {failed}, onzeker: {uncertain}, geen adres: {no_address}.</source>
        <translation>Sent: {sent}, sent before: {already}, failed: {failed}, uncertain: {uncertain}, no address: {no_address}.</translation>
    </message>
    <message>
        <source>Gestopt: {n} nog niet verstuurd. &apos;Verder versturen&apos; gaat door waar het stopte; niemand krijgt een tweede bericht.</source>
        <translation>Stopped: {n} not sent yet. &apos;Continue sending&apos; goes on where it stopped; nobody gets a second message.</translation>
    </message>
    <message>
        <source>Zie de kolom Reden. Mislukte kaarten gaan mee met &apos;Verder versturen&apos;.</source>
        <translation>See the Reason column. Failed cards go along with &apos;Continue sending&apos;.</translation>
    </message>
</context>
<context>
    <name>DeclareDialog</name>
    <message>
        <source>Uitslag vaststellen</source>
        <translation>Declare the result</translation>
    </message>
    <message>
        <source>Vaststellen (Enter)</source>
        <translation>Declare (Enter)</translation>
    </message>
    <message>
        <source>Berekend: {text}</source>
        <translation>Computed: {text}</translation>
    </message>
    <message>
        <source>&amp;Aangenomen</source>
        <translation>&amp;Adopted</translation>
    </message>
    <message>
        <source>&amp;Verworpen / niet aangenomen</source>
        <translation>&amp;Rejected / not adopted</translation>
    </message>
    <message>
        <source>Vastgestelde uitslag</source>
        <translation>Declared result</translation>
    </message>
    <message>
        <source>Gekozen: {option}</source>
        <translation>Chosen: {option}</translation>
    </message>
    <message>
        <source>Geen keuze gemaakt (geen meerderheid)</source>
        <translation>No choice made (no majority)</translation>
    </message>
    <message>
        <source>Dit wijkt af van de berekende uitslag: leg de verklaring van de voorzitter vast.</source>
        <translation>This differs from the computed result: record the chair&apos;s statement.</translation>
    </message>
    <message>
        <source>Ver&amp;klaring van de voorzitter:</source>
        <translation>Chair&apos;s &amp;statement:</translation>
    </message>
    <message>
        <source>Vul de verklaring van de voorzitter in: de vastgestelde uitslag wijkt af van de berekende.</source>
        <translation>Enter the chair&apos;s statement: the declared result differs from the computed one.</translation>
    </message>
</context>
<context>
    <name>DesignationDialog</name>
    <message>
        <source>(nog niet bekend)</source>
        <translation>(not known yet)</translation>
    </message>
    <message>
        <source>Gemeente</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>Vertegenwoordiger: {name}</source>
        <translation>Representative: {name}</translation>
    </message>
    <message>
        <source>1 stem</source>
        <translation>1 vote</translation>
    </message>
    <message>
        <source>{n} stemmen</source>
        <translation>{n} votes</translation>
    </message>
    <message>
        <source>Naam vertegenwoordiger</source>
        <translation>Representative&apos;s name</translation>
    </message>
    <message>
        <source>Functie</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>E-mail gemeentesecretaris</source>
        <translation>Municipal secretary&apos;s e-mail</translation>
    </message>
</context>
<context>
    <name>DeskPanel</name>
    <message>
        <source>Let op: {where}.</source>
        <translation>Note: {where}.</translation>
    </message>
    <message>
        <source>Stempas opnieuw afdrukken (coördinator)</source>
        <translation>Print the voting pass again (coordinator)</translation>
    </message>
    <message>
        <source>Aanmelding ongedaan maken (coördinator)</source>
        <translation>Undo check-in (coordinator)</translation>
    </message>
    <message>
        <source>Het vergaderbestand kon niet worden gecontroleerd: {error}</source>
        <translation>The meeting file could not be checked: {error}</translation>
    </message>
    <message>
        <source>Een scan was te lang: {dropped} tekens zijn genegeerd (een stemkaart heeft 22 cijfers). Scan opnieuw.</source>
        <translation>A scan was too long: {dropped} characters were ignored (a voting card has 22 digits). Scan again.</translation>
    </message>
    <message>
        <source>Toch toelaten: naamgenoot (coördinator)</source>
        <translation>Admit all the same: same name (coordinator)</translation>
    </message>
    <message>
        <source>Opnieuw afdrukken (F5)</source>
        <translation>Print again (F5)</translation>
    </message>
    <message>
        <source>Alleen als dit iemand anders is: {name} krijgt een stempas voor {municipality}.</source>
        <translation>Only if this is someone else: {name} gets a voting pass for {municipality}.</translation>
    </message>
    <message>
        <source>Geen camera.
Scan met de handscanner of zoek op met F2.</source>
        <translation>No camera.
Scan with the handheld scanner or look up with F2.</translation>
    </message>
    <message>
        <source>Verbinding met de vergaderserver</source>
        <extracomment>Type size of the form&apos;s fields (read from a metre away), and how many average characters of it the name field always has room for. A screen is shown: a VerdictKind value, or &apos;issued&apos;, &apos;role_refused&apos;, &apos;print_failed&apos;, &apos;undone&apos;, &apos;error&apos;, &apos;substitute&apos;, &apos;override&apos;, &apos;idle&apos;. A stempas went through the print step (issued, replaced, printed again): (serial, printed ok). The clerk chose another printer: (printer name, pass size, PDF folder or &quot;&quot;), to be saved. The meeting file was checked (at start, after a closed vote): True when the record holds. The meeting server&apos;s link as the desk shows it: True when cut off (the banner is up). A check-in lost with the connection was looked up: True when it had been saved.</extracomment>
        <translation>Connection to the meeting server</translation>
    </message>
    <message>
        <source>Opzoeken (F2)</source>
        <translation>Look up (F2)</translation>
    </message>
    <message>
        <source>Presentielijst (F4)</source>
        <translation>Attendance list (F4)</translation>
    </message>
    <message>
        <source>Printer… (Ctrl+P)</source>
        <translation>Printer… (Ctrl+P)</translation>
    </message>
    <message>
        <source>Laatste registraties</source>
        <translation>Latest check-ins</translation>
    </message>
    <message>
        <source>Wie toont de kaart?</source>
        <translation>Who is presenting the card?</translation>
    </message>
    <message>
        <source>Naam</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Naam van wie de kaart toont</source>
        <translation>Name of the person showing the card</translation>
    </message>
    <message>
        <source>andere functie…</source>
        <translation>other role…</translation>
    </message>
    <message>
        <source>kies functie</source>
        <translation>choose role</translation>
    </message>
    <message>
        <source>Functie</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>welke functie?</source>
        <translation>which role?</translation>
    </message>
    <message>
        <source>Andere functie</source>
        <translation>Other role</translation>
    </message>
    <message>
        <source>Stempas uitgeven (Enter)</source>
        <translation>Issue voting pass (Enter)</translation>
    </message>
    <message>
        <source>Pas kwijt: nieuwe pas (F6)</source>
        <translation>Pass lost: new pass (F6)</translation>
    </message>
    <message>
        <source>Vervanger (F7)</source>
        <translation>Substitute (F7)</translation>
    </message>
    <message>
        <source>Toch toelaten (F8)</source>
        <translation>Admit anyway (F8)</translation>
    </message>
    <message>
        <source>Vertrekt — pas inleveren (F9)</source>
        <translation>Leaving — hand in pass (F9)</translation>
    </message>
    <message>
        <source>Komt terug (F10)</source>
        <translation>Returns (F10)</translation>
    </message>
    <message>
        <source>Ongedaan maken (Ctrl+Z)</source>
        <translation>Undo (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Volgende kaart (Esc)</source>
        <translation>Next card (Esc)</translation>
    </message>
    <message>
        <source>Stempassen naar: {target}</source>
        <translation>Voting passes to: {target}</translation>
    </message>
    <message>
        <source>Geen verbinding: geen stand beschikbaar.</source>
        <translation>No connection: no state available.</translation>
    </message>
    <message>
        <source> (stand van {time})</source>
        <translation> (as of {time})</translation>
    </message>
    <message>
        <source> — vertrokken</source>
        <translation> — left</translation>
    </message>
    <message>
        <source>Camera wordt gestart…</source>
        <translation>Starting camera…</translation>
    </message>
    <message>
        <source>Camera werkt weer.</source>
        <translation>Camera is working again.</translation>
    </message>
    <message>
        <source>Camera gestopt.
Scan met de handscanner of zoek op met F2.</source>
        <translation>Camera stopped.
Scan with the handheld scanner or look up with F2.</translation>
    </message>
    <message>
        <source>Stempas uitgeven (als het formulier open is)</source>
        <translation>Issue the voting pass (when the form is open)</translation>
    </message>
    <message>
        <source>Vul de naam in van wie de kaart toont.</source>
        <translation>Enter the name of the person presenting the card.</translation>
    </message>
    <message>
        <source>Kies de functie.</source>
        <translation>Choose the role.</translation>
    </message>
    <message>
        <source>Geen verbinding met de vergaderserver: er wordt niets uitgegeven. Druk opnieuw op Enter zodra de rode balk weg is.</source>
        <translation>No connection to the meeting server: nothing is issued. Press Enter again once the red bar is gone.</translation>
    </message>
    <message>
        <source>De registratie van de andere balie is niet bewaard gebleven: geef de stempas uit.</source>
        <translation>The other desk&apos;s registration was not kept: issue the voting pass.</translation>
    </message>
    <message>
        <source>Verbinding met de vergaderserver hersteld: scan de kaart opnieuw.</source>
        <translation>Connection to the meeting server restored: scan the card again.</translation>
    </message>
    <message>
        <source>Opzoeken (F2) en de presentielijst (F4) tonen de stand van {time}.</source>
        <translation>Look-up (F2) and the presence list (F4) show the state as of {time}.</translation>
    </message>
    <message>
        <source>Er is nog geen plaatselijke kopie: gebruik de geprinte presentielijst.</source>
        <translation>There is no local copy yet: use the printed presence list.</translation>
    </message>
    <message>
        <source>GEEN VERBINDING met de vergaderserver (sinds {since}). Deze balie geeft niets uit en legt niets vast.</source>
        <translation>NO CONNECTION to the meeting server (since {since}). This desk issues nothing and records nothing.</translation>
    </message>
    <message>
        <source>Zodra de verbinding terug is, gaat de balie vanzelf verder.</source>
        <translation>Once the connection is back, the desk carries on by itself.</translation>
    </message>
    <message>
        <source>Geen verbinding: er wordt niets uitgegeven tot de rode balk weg is.</source>
        <translation>No connection: nothing is issued until the red bar is gone.</translation>
    </message>
    <message>
        <source>Geen verbinding met de vergaderserver: er wordt niets uitgegeven of vastgelegd. Scan de kaart opnieuw zodra de rode balk weg is.</source>
        <translation>No connection to the meeting server: nothing is issued or recorded. Scan the card again once the red bar is gone.</translation>
    </message>
    <message>
        <source>nog niet geregistreerd</source>
        <translation>not registered yet</translation>
    </message>
    <message>
        <source>Laatst bekende stand ({time}): {what}</source>
        <translation>Last known state ({time}): {what}</translation>
    </message>
    <message>
        <source>GEEN VERBINDING — NIETS UITGEGEVEN</source>
        <translation>NO CONNECTION — NOTHING ISSUED</translation>
    </message>
    <message>
        <source>De verbinding viel weg tijdens het uitgeven. Of de stempas is uitgegeven, wordt nagekeken zodra de vergaderserver antwoordt; geef intussen niets uit voor deze gemeente.</source>
        <translation>The connection dropped while issuing. Whether the voting pass was issued is checked as soon as the meeting server answers; meanwhile issue nothing for this municipality.</translation>
    </message>
    <message>
        <source>WORDT NAGEKEKEN…</source>
        <translation>BEING CHECKED…</translation>
    </message>
    <message>
        <source>Nagekeken: de stempas IS uitgegeven (stempas {serial}). Druk hem af met F5.</source>
        <translation>Checked: the voting pass WAS issued (voting pass {serial}). Print it with F5.</translation>
    </message>
    <message>
        <source>Nagekeken: de handeling IS opgeslagen.</source>
        <translation>Checked: the action WAS saved.</translation>
    </message>
    <message>
        <source>Nagekeken: er is NIETS uitgegeven of opgeslagen. Scan de kaart opnieuw.</source>
        <translation>Checked: NOTHING was issued or saved. Scan the card again.</translation>
    </message>
    <message>
        <source>NIET UITGEGEVEN</source>
        <translation>NOT ISSUED</translation>
    </message>
    <message>
        <source>Toch toelaten (coördinator)</source>
        <translation>Admit anyway (coordinator)</translation>
    </message>
    <message>
        <source>Geen verbinding en nog geen plaatselijke kopie: gebruik de geprinte presentielijst.</source>
        <translation>No connection and no local copy yet: use the printed presence list.</translation>
    </message>
    <message>
        <source>Presentielijst — stand van {time} (geen verbinding met de vergaderserver)</source>
        <translation>Presence list — as of {time} (no connection to the meeting server)</translation>
    </message>
    <message>
        <source>Stempas {serial} ({holder}) wordt ongeldig en {name} krijgt een nieuwe stempas voor {municipality}.</source>
        <translation>Voting pass {serial} ({holder}) becomes invalid and {name} gets a new voting pass for {municipality}.</translation>
    </message>
    <message>
        <source>Stempas {serial} van {holder} wordt nog een keer afgedrukt.</source>
        <translation>Voting pass {serial} of {holder} will be printed again.</translation>
    </message>
    <message>
        <source>Verloren stempas vervangen (coördinator)</source>
        <translation>Replace lost voting pass (coordinator)</translation>
    </message>
    <message>
        <source>Stempas {serial} wordt ongeldig; {holder} krijgt een nieuwe stempas.</source>
        <translation>Voting pass {serial} becomes invalid; {holder} gets a new voting pass.</translation>
    </message>
    <message>
        <source>Vertrek vastgelegd: stempas {serial} ingeleverd.</source>
        <translation>Departure recorded: voting pass {serial} handed in.</translation>
    </message>
    <message>
        <source>Terugkomst vastgelegd: stempas {serial} weer actief.</source>
        <translation>Return recorded: voting pass {serial} active again.</translation>
    </message>
    <message>
        <source>De registratie van {municipality} (stempas {serial}, {holder}) wordt ongedaan gemaakt.</source>
        <translation>The check-in of {municipality} (voting pass {serial}, {holder}) will be undone.</translation>
    </message>
</context>
<context>
    <name>DeskScreens</name>
    <message>
        <source>AL AANGEMELD VOOR ANDERE GEMEENTE</source>
        <translation>ALREADY REGISTERED FOR ANOTHER MUNICIPALITY</translation>
    </message>
    <message>
        <source>Een naamgenoot? Alleen de coördinator kan toch toelaten: F8.</source>
        <translation>Someone with the same name? Only the coordinator can admit all the same: F8.</translation>
    </message>
    <message>
        <source>stem</source>
        <extracomment>Modes in which someone is filling in a form: a scan waits until Enter or Esc. One person, one pass refused this person: F8 lets the coördinator admit them (PIN, reason).</extracomment>
        <translation>vote</translation>
    </message>
    <message>
        <source>stemmen</source>
        <translation>votes</translation>
    </message>
    <message>
        <source>Stempas {serial}: {name}, {role}</source>
        <translation>Voting pass {serial}: {name}, {role}</translation>
    </message>
    <message>
        <source>Aangewezen: {name}{role}</source>
        <translation>Designated: {name}{role}</translation>
    </message>
    <message>
        <source>Geen vertegenwoordiger aangewezen</source>
        <translation>No representative designated</translation>
    </message>
    <message>
        <source>Deze stempas is nog niet afgedrukt: druk F5 om hem af te drukken.</source>
        <translation>This voting pass has not been printed yet: press F5 to print it.</translation>
    </message>
    <message>
        <source>AANWEZIG</source>
        <translation>PRESENT</translation>
    </message>
    <message>
        <source>VERTROKKEN</source>
        <translation>LEFT</translation>
    </message>
    <message>
        <source>INGELEVERD — ONGELDIG</source>
        <translation>HANDED IN — INVALID</translation>
    </message>
    <message>
        <source>VERVANGEN — ONGELDIG</source>
        <translation>REPLACED — INVALID</translation>
    </message>
    <message>
        <source>AANMELDING ONGEDAAN — ONGELDIG</source>
        <translation>CHECK-IN UNDONE — INVALID</translation>
    </message>
    <message>
        <source>VERVANGEN DOOR TOELATING COÖRDINATOR — ONGELDIG</source>
        <translation>REPLACED BY COORDINATOR&apos;S ADMISSION — INVALID</translation>
    </message>
    <message>
        <source>STEMPAS {serial} · {state}</source>
        <translation>VOTING PASS {serial} · {state}</translation>
    </message>
    <message>
        <source>Afdrukken (F5)</source>
        <translation>Print (F5)</translation>
    </message>
    <message>
        <source>Pas kwijt: nieuwe pas (F6)</source>
        <translation>Pass lost: new pass (F6)</translation>
    </message>
    <message>
        <source>Vervanger (F7)</source>
        <translation>Substitute (F7)</translation>
    </message>
    <message>
        <source>Toch toelaten (F8)</source>
        <translation>Admit anyway (F8)</translation>
    </message>
    <message>
        <source>Vertrekt — pas inleveren (F9)</source>
        <translation>Leaving — hand in pass (F9)</translation>
    </message>
    <message>
        <source>Komt terug (F10)</source>
        <translation>Returns (F10)</translation>
    </message>
    <message>
        <source>Ongedaan maken (Ctrl+Z)</source>
        <translation>Undo (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Annuleren (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Volgende kaart (Esc)</source>
        <translation>Next card (Esc)</translation>
    </message>
    <message>
        <source>KLAAR VOOR DE VOLGENDE KAART</source>
        <translation>READY FOR THE NEXT CARD</translation>
    </message>
    <message>
        <source>Houd de stemkaart voor de camera of scan hem met de handscanner. Scant hij niet? Druk F2 om op naam of code op te zoeken.</source>
        <translation>Hold the voting card up to the camera or scan it with the handheld scanner. Card won&apos;t scan? Press F2 to look up by name or code.</translation>
    </message>
    <message>
        <source>Handmatig opgezocht: {reason}</source>
        <translation>Looked up by hand: {reason}</translation>
    </message>
    <message>
        <source>Controleer wie de kaart toont, kies de functie en druk Enter.</source>
        <translation>Check who is presenting the card, choose the role and press Enter.</translation>
    </message>
    <message>
        <source>NOG NIET UITGEGEVEN — druk Enter</source>
        <translation>NOT ISSUED YET — press Enter</translation>
    </message>
    <message>
        <source>Stempas uitgeven (Enter)</source>
        <translation>Issue voting pass (Enter)</translation>
    </message>
    <message>
        <source>Geregistreerd om {time} aan {desk}</source>
        <translation>Checked in at {time} by {desk}</translation>
    </message>
    <message>
        <source>{holder} — vertrokken, pas ingeleverd. Scan de stempas om terug te komen.</source>
        <translation>{holder} — left, pass handed in. Scan the voting pass to return.</translation>
    </message>
    <message>
        <source>Vertrekt de houder? Neem de pas in en druk F9.</source>
        <translation>Is the holder leaving? Take the pass back and press F9.</translation>
    </message>
    <message>
        <source>Komt de houder terug? Geef de pas terug en druk F10.</source>
        <translation>Is the holder returning? Hand the pass back and press F10.</translation>
    </message>
    <message>
        <source>Deze pas is ongeldig: neem hem in. Er is geen actie nodig.</source>
        <translation>This pass is invalid: take it back. No action is needed.</translation>
    </message>
    <message>
        <source>De coördinator heeft iemand anders van deze gemeente toegelaten; die heeft een nieuwe stempas. Deze pas is ongeldig: neem hem in.</source>
        <translation>The coordinator admitted someone else of this municipality, who has a new voting pass. This pass is invalid: take it in.</translation>
    </message>
    <message>
        <source>VERVANGER</source>
        <translation>SUBSTITUTE</translation>
    </message>
    <message>
        <source>Stempas {serial} wordt ingeleverd en de vervanger krijgt een nieuwe. Vul naam en functie van de vervanger in en druk Enter.</source>
        <translation>Voting pass {serial} is handed in and the substitute gets a new one. Enter the substitute&apos;s name and role and press Enter.</translation>
    </message>
    <message>
        <source>Vervanger toelaten (Enter)</source>
        <translation>Admit substitute (Enter)</translation>
    </message>
    <message>
        <source>TOCH TOELATEN</source>
        <translation>ADMIT ANYWAY</translation>
    </message>
    <message>
        <source>Alleen als de eerdere registratie onterecht was. Stempas {serial} wordt ongeldig. Vul in wie de kaart toont, druk Enter; daarna pincode en reden van de coördinator.</source>
        <translation>Only if the earlier check-in was wrong. Voting pass {serial} becomes invalid. Enter who is presenting the card and press Enter; then the coordinator&apos;s PIN and reason.</translation>
    </message>
    <message>
        <source>Toch toelaten… (Enter)</source>
        <translation>Admit anyway… (Enter)</translation>
    </message>
    <message>
        <source>STEMPAS UITGEGEVEN</source>
        <translation>VOTING PASS ISSUED</translation>
    </message>
    <message>
        <source>VERVANGER TOEGELATEN</source>
        <translation>SUBSTITUTE ADMITTED</translation>
    </message>
    <message>
        <source>NIEUWE STEMPAS</source>
        <translation>NEW VOTING PASS</translation>
    </message>
    <message>
        <source>TOCH TOEGELATEN</source>
        <translation>ADMITTED ANYWAY</translation>
    </message>
    <message>
        <source>STEMPAS {serial}</source>
        <translation>VOTING PASS {serial}</translation>
    </message>
    <message>
        <source>Opnieuw afdrukken (F5)</source>
        <translation>Print again (F5)</translation>
    </message>
    <message>
        <source>{holder}. Druk opnieuw af, vervang een verloren pas, of laat een vervanger toe.</source>
        <translation>{holder}. Print again, replace a lost pass, or admit a substitute.</translation>
    </message>
    <message>
        <source>STEMPAS OPNIEUW AFGEDRUKT</source>
        <translation>VOTING PASS PRINTED AGAIN</translation>
    </message>
    <message>
        <source>Stempas wordt afgedrukt…</source>
        <translation>Printing voting pass…</translation>
    </message>
    <message>
        <source>Afgedrukt. Geef de stempas mee.</source>
        <translation>Printed. Hand over the voting pass.</translation>
    </message>
    <message>
        <source> ({path})</source>
        <translation> ({path})</translation>
    </message>
    <message>
        <source>Stempas {serial} afgedrukt{where}.</source>
        <translation>Voting pass {serial} printed{where}.</translation>
    </message>
    <message>
        <source>NIET AFGEDRUKT</source>
        <translation>NOT PRINTED</translation>
    </message>
    <message>
        <source>De registratie staat vast (stempas {serial}); alleen het afdrukken mislukte: {error}</source>
        <translation>The check-in is recorded (voting pass {serial}); only the printing failed: {error}</translation>
    </message>
    <message>
        <source>Los het printerprobleem op (of kies Printer…) en druk F5 om af te drukken.</source>
        <translation>Fix the printer problem (or choose Printer…) and press F5 to print.</translation>
    </message>
    <message>
        <source>Stempas {serial} niet afgedrukt: {error}</source>
        <translation>Voting pass {serial} not printed: {error}</translation>
    </message>
    <message>
        <source>FUNCTIE NIET TOEGESTAAN</source>
        <translation>ROLE NOT ALLOWED</translation>
    </message>
    <message>
        <source>Geen stempas uitgegeven.</source>
        <translation>No voting pass issued.</translation>
    </message>
    <message>
        <source>NIET GELUKT</source>
        <translation>FAILED</translation>
    </message>
    <message>
        <source>AL GEREGISTREERD</source>
        <translation>ALREADY CHECKED IN</translation>
    </message>
    <message>
        <source>AANMELDING ONGEDAAN</source>
        <translation>CHECK-IN UNDONE</translation>
    </message>
    <message>
        <source>Stempas {serial} is ongeldig; {municipality} is niet meer geregistreerd.</source>
        <translation>Voting pass {serial} is invalid; {municipality} is no longer checked in.</translation>
    </message>
    <message>
        <source>en nog {count}</source>
        <translation>and {count} more</translation>
    </message>
    <message>
        <source>een scan</source>
        <translation>a scan</translation>
    </message>
    <message>
        <source>stempas {serial} ({municipality})</source>
        <translation>voting pass {serial} ({municipality})</translation>
    </message>
    <message>
        <source>kaart van {municipality} ({code})</source>
        <translation>card of {municipality} ({code})</translation>
    </message>
    <message>
        <source>‖ {count} SCANS WACHTEN: {which}. Eerst Enter (uitgeven) of Esc (annuleren).</source>
        <translation>‖ {count} SCANS WAITING: {which}. First Enter (issue) or Esc (cancel).</translation>
    </message>
    <message>
        <source>een kaart die niet wordt toegelaten ({headline})</source>
        <translation>a card that will not be admitted ({headline})</translation>
    </message>
    <message>
        <source>‖ VOLGENDE SCAN WACHT: {what}. Eerst Enter (uitgeven) of Esc (annuleren).</source>
        <translation>‖ NEXT SCAN WAITING: {what}. First Enter (issue) or Esc (cancel).</translation>
    </message>
</context>
<context>
    <name>FirstRunWidget</name>
    <message>
        <source>Welkom bij Stembalie</source>
        <extracomment>Connect to the meeting server: (URI without password, password or &quot;&quot;, monitor or &quot;&quot;).</extracomment>
        <translation>Welcome to Stembalie</translation>
    </message>
    <message>
        <source>Er is nog geen vergadering geopend. Kies wat u wilt doen. De demo gebruikt het echte CBS-ledenregister van 2024, fictieve vertegenwoordigers en de agenda van de Extra ALV van 24 mei 2024: zo loopt u de hele dag door zonder camera of printer.</source>
        <translation>No meeting is open yet. Choose what you want to do. The demo uses the real 2024 CBS member register, fictitious representatives and the agenda of the extra general assembly of 24 May 2024, so you can walk through the whole day without a camera or printer.</translation>
    </message>
    <message>
        <source>Vergaderbestand openen…</source>
        <translation>Open meeting file…</translation>
    </message>
    <message>
        <source>Nieuwe vergadering aanmaken…</source>
        <translation>Create new meeting…</translation>
    </message>
    <message>
        <source>Demo proberen</source>
        <translation>Try the demo</translation>
    </message>
    <message>
        <source>Verbinden met een vergaderserver…</source>
        <translation>Connect to a meeting server…</translation>
    </message>
    <message>
        <source>Vergaderbestand openen</source>
        <translation>Open meeting file</translation>
    </message>
    <message>
        <source>Vergaderingen (*.sqlite)</source>
        <translation>Meetings (*.sqlite)</translation>
    </message>
</context>
<context>
    <name>GuiApp</name>
    <message>
        <source>Vergaderbestand niet op deze laptop</source>
        <extracomment>After a change the local copy of a server meeting is refreshed this much later (a burst makes one copy). How long the store&apos;s notice (a meeting opened read-only) stays above the tabs.</extracomment>
        <translation>Meeting file not on this laptop</translation>
    </message>
    <message>
        <source>Toch hier gebruiken? Haal het medium dan niet weg zolang Stembalie open is.</source>
        <translation>Use it here all the same? Then do not remove the medium while Stembalie is open.</translation>
    </message>
    <message>
        <source>Balie</source>
        <translation>Desk</translation>
    </message>
    <message>
        <source>Stemmingen</source>
        <translation>Voting</translation>
    </message>
    <message>
        <source>Geen camera.
Scan met de handscanner of zoek op met F2.</source>
        <translation>No camera.
Scan with the handheld scanner or look up with F2.</translation>
    </message>
    <message>
        <source>Demo: de camera wordt klaargezet…</source>
        <translation>Demo: getting the camera ready…</translation>
    </message>
    <message>
        <source>Instellingen opgeslagen.</source>
        <translation>Settings saved.</translation>
    </message>
    <message>
        <source>Instellingen opgeslagen. Taal en naam van de balie gelden na het afronden van het formulier op de balie: open de instellingen dan opnieuw, of start Stembalie opnieuw.</source>
        <translation>Settings saved. Language and desk name apply once the form at the desk is finished: open the settings again then, or restart Stembalie.</translation>
    </message>
    <message>
        <source>De demo is opnieuw begonnen: een nieuwe demovergadering, nog niemand aanwezig.</source>
        <translation>The demo has started again: a new demo meeting, nobody present yet.</translation>
    </message>
    <message>
        <source>Automatische reservekopieën zijn er voor een vergaderbestand. Deze vergadering staat op de vergaderserver: de tweede serverlaptop houdt elke wijziging bij, deze balie een plaatselijke kopie, en na afloop haalt &apos;server pull&apos; het hele verslag op.</source>
        <translation>Automatic backups are for a meeting file. This meeting is on the meeting server: the second server laptop keeps every change, this desk a local copy, and after the meeting &apos;server pull&apos; fetches the whole record.</translation>
    </message>
    <message>
        <source>Reservekopie gemaakt: {path}</source>
        <translation>Backup made: {path}</translation>
    </message>
    <message>
        <source>Reservekopie mislukt</source>
        <translation>Backup failed</translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message>
        <source>Uitslag van een extern stemsysteem: een CSV-bestand met een kolom &apos;stempas&apos; of &apos;gemeente&apos; (GM0363) en een kolom &apos;keuze&apos; (voor, tegen, onthouding of optie-N). Alles of niets: bij één fout wordt niets vastgelegd en staan alle fouten hieronder, per regel.</source>
        <translation>Result from an external voting system: a CSV file with a column &apos;stempas&apos; or &apos;gemeente&apos; (GM0363) and a column &apos;keuze&apos; (voor, tegen, onthouding or optie-N). All or nothing: if there is a single error nothing is recorded, and every error is listed below by line.</translation>
    </message>
    <message>
        <source>Uitslagbestand kiezen… (Ctrl+I)</source>
        <translation>Choose results file… (Ctrl+I)</translation>
    </message>
    <message>
        <source>Fouten in het uitslagbestand</source>
        <translation>Problems in the results file</translation>
    </message>
    <message>
        <source>Het bestand {path} kan niet worden gelezen: {reason}</source>
        <translation>The file {path} cannot be read: {reason}</translation>
    </message>
    <message>
        <source>{name} ingelezen: {n} vastgelegd in stemming {number}.</source>
        <translation>{name} imported: {n} recorded in vote {number}.</translation>
    </message>
    <message>
        <source>Uitslagbestand inlezen</source>
        <translation>Import results file</translation>
    </message>
    <message>
        <source>CSV-bestanden (*.csv *.txt)</source>
        <translation>CSV files (*.csv *.txt)</translation>
    </message>
</context>
<context>
    <name>LookupDialog</name>
    <message>
        <source>kaart scant niet</source>
        <translation>card does not scan</translation>
    </message>
    <message>
        <source>kaart vergeten</source>
        <translation>card forgotten</translation>
    </message>
    <message>
        <source>telefoon leeg of kapot</source>
        <translation>phone flat or broken</translation>
    </message>
    <message>
        <source>kaart beschadigd</source>
        <translation>card damaged</translation>
    </message>
    <message>
        <source>Opzoeken op naam of code</source>
        <translation>Look up by name or code</translation>
    </message>
    <message>
        <source>Naam of code (Utrecht, 0344, GM0344) of de cijfers onder de streepjescode</source>
        <translation>Name or code (Utrecht, 0344, GM0344) or the digits under the barcode</translation>
    </message>
    <message>
        <source>Waarom handmatig? (wordt vastgelegd)</source>
        <translation>Why by hand? (is recorded)</translation>
    </message>
    <message>
        <source>&amp;Zoek:</source>
        <translation>&amp;Search:</translation>
    </message>
    <message>
        <source>&amp;Gemeente:</source>
        <translation>&amp;Municipality:</translation>
    </message>
    <message>
        <source>&amp;Reden:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>Kiezen (Enter)</source>
        <translation>Choose (Enter)</translation>
    </message>
    <message>
        <source>Annuleren (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>{name} ({code}) — {votes}</source>
        <extracomment>After accept(): the typed card digits (treat as a scan), or the chosen code and reason.</extracomment>
        <translation>{name} ({code}) — {votes}</translation>
    </message>
    <message>
        <source>Kies eerst een gemeente uit de lijst.</source>
        <translation>Choose a municipality from the list first.</translation>
    </message>
    <message>
        <source>Geef een reden op; die wordt bij de registratie vastgelegd.</source>
        <translation>Give a reason; it is recorded with the check-in.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Leden en vertegenwoordigers</source>
        <translation>Members and representatives</translation>
    </message>
    <message>
        <source>Melding</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>Verbinding</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>in voorbereiding</source>
        <translation>in preparation</translation>
    </message>
    <message>
        <source>geopend, stemgewichten vast</source>
        <extracomment>Called with the member a double-click in the members tab chose (the menu actions set it).</extracomment>
        <translation>open, weights frozen</translation>
    </message>
    <message>
        <source>Vergadering {no} · {state} · {path}</source>
        <translation>Meeting {no} · {state} · {path}</translation>
    </message>
    <message>
        <source>vergaderserver (PostgreSQL)</source>
        <translation>meeting server (PostgreSQL)</translation>
    </message>
    <message>
        <source>SQLite-bestand (één laptop)</source>
        <translation>SQLite file (one laptop)</translation>
    </message>
    <message>
        <source>GEEN VERBINDING sinds {time}</source>
        <translation>NO CONNECTION since {time}</translation>
    </message>
    <message>
        <source>primair</source>
        <translation>primary</translation>
    </message>
    <message>
        <source>standby</source>
        <translation>standby</translation>
    </message>
    <message>
        <source>verbonden met {host}:{port} ({role}) sinds {time}</source>
        <translation>connected to {host}:{port} ({role}) since {time}</translation>
    </message>
    <message>
        <source>verbinding wordt gemaakt…</source>
        <translation>connecting…</translation>
    </message>
    <message>
        <source>onbereikbaar</source>
        <translation>unreachable</translation>
    </message>
    <message>
        <source>servers: {nodes}</source>
        <translation>servers: {nodes}</translation>
    </message>
    <message>
        <source>monitor: niet bekend op deze balie</source>
        <translation>monitor: not known at this desk</translation>
    </message>
    <message>
        <source>monitor {address}: {state}</source>
        <translation>monitor {address}: {state}</translation>
    </message>
    <message>
        <source>bereikbaar</source>
        <translation>reachable</translation>
    </message>
</context>
<context>
    <name>MenuActions</name>
    <message>
        <source>&amp;Bestand</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Vertegenwoordigers inlezen…</source>
        <translation>Import representatives…</translation>
    </message>
    <message>
        <source>Ledenregister inlezen…</source>
        <translation>Import member register…</translation>
    </message>
    <message>
        <source>Stemkaarten maken en versturen…</source>
        <translation>Make and send voting cards…</translation>
    </message>
    <message>
        <source>Exporteren na de vergadering…</source>
        <translation>Export after the meeting…</translation>
    </message>
    <message>
        <source>Reservekopie nu</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>Instellingen…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>Afsluiten</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>&amp;Vergadering</source>
        <translation>&amp;Meeting</translation>
    </message>
    <message>
        <source>Vergadering openen (stemgewichten vastzetten)…</source>
        <translation>Open the meeting (freeze the weights)…</translation>
    </message>
    <message>
        <source>Uitslagenscherm voor de voorzitter</source>
        <translation>Chair&apos;s results screen</translation>
    </message>
    <message>
        <source>Demo opnieuw beginnen…</source>
        <translation>Start the demo again…</translation>
    </message>
    <message>
        <source>&amp;Stemmingen</source>
        <translation>&amp;Votes</translation>
    </message>
    <message>
        <source>Agenda bewerken…</source>
        <translation>Edit the agenda…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Sneltoetsen van dit tabblad</source>
        <translation>Keys of this tab</translation>
    </message>
    <message>
        <source>Handleiding: de dag stap voor stap</source>
        <translation>Manual: the day, step by step</translation>
    </message>
    <message>
        <source>Over Stembalie</source>
        <translation>About Stembalie</translation>
    </message>
    <message>
        <source>Vertegenwoordigers inlezen</source>
        <translation>Import representatives</translation>
    </message>
    <message>
        <source>Spreadsheet of CSV (*.xlsx *.csv)</source>
        <translation>Spreadsheet or CSV (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>{n} ingelezen.</source>
        <translation>{n} imported.</translation>
    </message>
    <message>
        <source>{n}, {v} ingelezen.</source>
        <translation>{n}, {v} imported.</translation>
    </message>
    <message>
        <source>Toch exporteren? Elk bestand wordt dan gemarkeerd met INTEGRITEITSFOUT. Meld dit als incident bij de coördinator.</source>
        <translation>Export anyway? Every file is then marked INTEGRITEITSFOUT (integrity failure). Report this as an incident to the coordinator.</translation>
    </message>
    <message>
        <source>De vergadering openen? Daarna liggen de stemgewichten vast ({members}, {votes}) en kan het ledenregister niet meer worden gewijzigd. Stemmingen kunnen pas na het openen.</source>
        <translation>Open the meeting? The weights are then frozen ({members}, {votes}) and the member register can no longer be changed. Votes can only be held after the opening.</translation>
    </message>
    <message>
        <source>Ledenregister inlezen</source>
        <translation>Import member register</translation>
    </message>
    <message>
        <source>Exporteren</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Map voor de export (leeg of nieuw)</source>
        <translation>Folder for the export (empty or new)</translation>
    </message>
    <message>
        <source>Export geschreven naar {folder}: 1 bestand, met manifest.sha256.</source>
        <translation>Export written to {folder}: 1 file, with manifest.sha256.</translation>
    </message>
    <message>
        <source>Export geschreven naar {folder}: {n} bestanden, met manifest.sha256.</source>
        <translation>Export written to {folder}: {n} files, with manifest.sha256.</translation>
    </message>
    <message>
        <source>Map voor de reservekopie (bv. een USB-stick)</source>
        <translation>Folder for the backup (e.g. a USB stick)</translation>
    </message>
    <message>
        <source>Reservekopie</source>
        <translation>Backup</translation>
    </message>
    <message>
        <source>Reservekopie gemaakt: {path}</source>
        <translation>Backup made: {path}</translation>
    </message>
    <message>
        <source>Instellingen</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Niet opgeslagen: na het openen van de vergadering is de pincode van de coördinator nodig.</source>
        <translation>Not saved: once the meeting is open, the coordinator&apos;s PIN is needed.</translation>
    </message>
    <message>
        <source>Vergadering openen</source>
        <translation>Open the meeting</translation>
    </message>
    <message>
        <source>De vergadering is geopend; de stemgewichten liggen vast.</source>
        <translation>The meeting is open; the weights are frozen.</translation>
    </message>
    <message>
        <source>Demo opnieuw beginnen</source>
        <translation>Start the demo again</translation>
    </message>
    <message>
        <source>De demovergadering opnieuw beginnen? Alle registraties, stempassen en stemmingen van de demo worden weggegooid; de demo begint weer met een lege zaal.</source>
        <translation>Start the demo meeting again? All check-ins, voting passes and votes of the demo are thrown away; the demo starts again with an empty hall.</translation>
    </message>
    <message>
        <source>Sneltoetsen: {tab}</source>
        <translation>Keys: {tab}</translation>
    </message>
    <message>
        <source>Toets</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Wat het doet</source>
        <translation>What it does</translation>
    </message>
    <message>
        <source>Handleiding</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>Stembalie {version}
Registratie en gewogen stemmingen voor de ALV van de VNG.

Vergaderbestand: {path}
Handleiding: Help → Handleiding, of README.md bij het programma.</source>
        <translation>Stembalie {version}
Registration and weighted votes for the VNG general assembly.

Meeting file: {path}
Manual: Help → Manual, or README.md beside the program.</translation>
    </message>
</context>
<context>
    <name>NewMeetingDialog</name>
    <message>
        <source>Nieuwe vergadering</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <source>Algemene Ledenvergadering VNG</source>
        <translation>VNG General Assembly</translation>
    </message>
    <message>
        <source>Kies…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Naam</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Plaats</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Balies (komma-gescheiden)</source>
        <translation>Desks (comma-separated)</translation>
    </message>
    <message>
        <source>Ledenregister (CSV, CBS-indeling)</source>
        <translation>Member register (CSV, CBS layout)</translation>
    </message>
    <message>
        <source>Vergaderbestand</source>
        <translation>Meeting file</translation>
    </message>
    <message>
        <source>Aanmaken</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>Ledenregister</source>
        <translation>Member register</translation>
    </message>
</context>
<context>
    <name>PresenceDialog</name>
    <message>
        <source>Presentielijst</source>
        <translation>Attendance list</translation>
    </message>
    <message>
        <source>Alle gemeenten</source>
        <translation>All municipalities</translation>
    </message>
    <message>
        <source>Aanwezig</source>
        <translation>Present</translation>
    </message>
    <message>
        <source>Vertrokken</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>Afwezig</source>
        <translation>Absent</translation>
    </message>
    <message>
        <source>Toon</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Zoek gemeente, code of naam</source>
        <translation>Search municipality, code or name</translation>
    </message>
    <message>
        <source>Afdrukken… (Ctrl+P)</source>
        <translation>Print… (Ctrl+P)</translation>
    </message>
    <message>
        <source>Opslaan als PDF… (Ctrl+S)</source>
        <translation>Save as PDF… (Ctrl+S)</translation>
    </message>
    <message>
        <source>Vernieuwen (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>Sluiten (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Presentielijst — {name}</source>
        <translation>Attendance list — {name}</translation>
    </message>
    <message>
        <source>{date}, {place} · {counters} · stand van {time} ({desk})</source>
        <translation>{date}, {place} · {counters} · as of {time} ({desk})</translation>
    </message>
    <message>
        <source>Presentielijst opslaan</source>
        <translation>Save attendance list</translation>
    </message>
    <message>
        <source>PDF-bestanden (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
</context>
<context>
    <name>PresenceModel</name>
    <message>
        <source>Gemeente</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Stemmen</source>
        <translation>Votes</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Vertegenwoordiger</source>
        <translation>Representative</translation>
    </message>
    <message>
        <source>Functie</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Sinds</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>Balie</source>
        <translation>Desk</translation>
    </message>
    <message>
        <source>Pas</source>
        <translation>Pass</translation>
    </message>
    <message>
        <source>Afdruk</source>
        <translation>Print status</translation>
    </message>
</context>
<context>
    <name>PrinterDialog</name>
    <message>
        <source>Printer voor stempassen</source>
        <translation>Printer for voting passes</translation>
    </message>
    <message>
        <source>PDF-bestanden in een map</source>
        <translation>PDF files in a folder</translation>
    </message>
    <message>
        <source>Standaardprinter van deze computer</source>
        <translation>This computer&apos;s default printer</translation>
    </message>
    <message>
        <source>{name} (niet gevonden)</source>
        <translation>{name} (not found)</translation>
    </message>
    <message>
        <source>Bladeren…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>&amp;Afdrukken op:</source>
        <translation>&amp;Print to:</translation>
    </message>
    <message>
        <source>&amp;Formaat:</source>
        <translation>Si&amp;ze:</translation>
    </message>
    <message>
        <source>PDF-&amp;map:</source>
        <translation>PDF &amp;folder:</translation>
    </message>
    <message>
        <source>Opslaan (Enter)</source>
        <translation>Save (Enter)</translation>
    </message>
    <message>
        <source>Annuleren (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Map voor stempassen</source>
        <translation>Folder for voting passes</translation>
    </message>
</context>
<context>
    <name>RegisterModel</name>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Gemeente</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>Provincie</source>
        <translation>Province</translation>
    </message>
    <message>
        <source>Inwoners</source>
        <translation>Population</translation>
    </message>
    <message>
        <source>Stemmen</source>
        <translation>Votes</translation>
    </message>
    <message>
        <source>Vertegenwoordiger</source>
        <translation>Representative</translation>
    </message>
    <message>
        <source>Functie</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>E-mail secretaris</source>
        <translation>Secretary&apos;s e-mail</translation>
    </message>
</context>
<context>
    <name>RegisterView</name>
    <message>
        <source>Zoek op gemeente, code, provincie of naam…</source>
        <translation>Search by municipality, code, province or name…</translation>
    </message>
    <message>
        <source>Zoek in het ledenregister</source>
        <translation>Search the member register</translation>
    </message>
    <message>
        <source>Leden en vertegenwoordigers</source>
        <translation>Members and representatives</translation>
    </message>
    <message>
        <source>{members} · {votes} · {population} inwoners · {designated} aangewezen</source>
        <translation>{members} · {votes} · {population} inhabitants · {designated} designated</translation>
    </message>
    <message>
        <source>{shown} van {total} gemeenten getoond</source>
        <translation>{shown} of {total} municipalities shown</translation>
    </message>
</context>
<context>
    <name>RollCallPanel</name>
    <message>
        <source>Zoek gemeente (naam of code) — Ctrl+F</source>
        <translation>Search municipality (name or code) — Ctrl+F</translation>
    </message>
    <message>
        <source>Zoek gemeente</source>
        <translation>Search municipality</translation>
    </message>
    <message>
        <source>Gemeente</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Stemmen</source>
        <translation>Votes</translation>
    </message>
    <message>
        <source>Keuze</source>
        <translation>Choice</translation>
    </message>
    <message>
        <source>Hoofdelijke stemming: gemeenten en hun keuze</source>
        <translation>Roll call: municipalities and their choice</translation>
    </message>
    <message>
        <source>↑ ↓ kies de gemeente · V voor · T tegen · O onthouding (daarna naar de volgende) · de laatste keuze telt</source>
        <translation>↑ ↓ choose the municipality · V for · T against · O abstention (then on to the next) · the last choice counts</translation>
    </message>
    <message>
        <source>gestemd (geheim)</source>
        <translation>voted (secret)</translation>
    </message>
    <message>
        <source>{name}: {reason}</source>
        <translation>{name}: {reason}</translation>
    </message>
    <message>
        <source>stem</source>
        <translation>vote</translation>
    </message>
    <message>
        <source>stemmen</source>
        <translation>votes</translation>
    </message>
    <message>
        <source>{name}: {choice} vastgelegd ({votes} {word}).</source>
        <translation>{name}: {choice} recorded ({votes} {word}).</translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <source>Verbinden met een vergaderserver</source>
        <translation>Connect to a meeting server</translation>
    </message>
    <message>
        <source>De datalaptops van de formatie, gescheiden door komma&apos;s</source>
        <translation>The formation&apos;s data laptops, separated by commas</translation>
    </message>
    <message>
        <source>alv-mon:5431 (mag leeg)</source>
        <translation>alv-mon:5431 (may be empty)</translation>
    </message>
    <message>
        <source>Wachtwoord onthouden (in de sleutelbos van het systeem)</source>
        <translation>Remember the password (in the system keyring)</translation>
    </message>
    <message>
        <source>Verbinding testen</source>
        <translation>Test the connection</translation>
    </message>
    <message>
        <source>Datalaptops (host:poort)</source>
        <translation>Data laptops (host:port)</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Gebruiker</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Wachtwoord</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Monitor (optioneel)</source>
        <translation>Monitor (optional)</translation>
    </message>
    <message>
        <source>Verbinden</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>Onjuiste datalaptop: &apos;{item}&apos; (schrijf host:poort, gescheiden door komma&apos;s)</source>
        <translation>Wrong data laptop: &apos;{item}&apos; (write host:port, separated by commas)</translation>
    </message>
    <message>
        <source>Vul de database en de gebruiker in.</source>
        <translation>Fill in the database and the user.</translation>
    </message>
    <message>
        <source>Geen verbinding: {error}</source>
        <translation>No connection: {error}</translation>
    </message>
    <message>
        <source>primair</source>
        <translation>primary</translation>
    </message>
    <message>
        <source>standby</source>
        <translation>standby</translation>
    </message>
    <message>
        <source>Verbonden met {host}:{port} ({role}).</source>
        <translation>Connected to {host}:{port} ({role}).</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Instellingen</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>leeg = camera; of een videobestand / map met foto&apos;s</source>
        <translation>empty = camera; or a video file / folder of photos</translation>
    </message>
    <message>
        <source>standaardprinter</source>
        <translation>default printer</translation>
    </message>
    <message>
        <source>PDF-bestanden (geen printer)</source>
        <translation>PDF files (no printer)</translation>
    </message>
    <message>
        <source>A6-kaart (105 × 148 mm)</source>
        <translation>A6 card (105 × 148 mm)</translation>
    </message>
    <message>
        <source>Label 62 mm breed</source>
        <translation>Label 62 mm wide</translation>
    </message>
    <message>
        <source>leeg laten = niet wijzigen</source>
        <translation>leave empty = no change</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>geen (alleen testserver)</source>
        <translation>none (test server only)</translation>
    </message>
    <message>
        <source>automatisch (aanbevolen)</source>
        <translation>automatic (recommended)</translation>
    </message>
    <message>
        <source>alleen lezer 1 (als automatisch hapert)</source>
        <translation>reader 1 only (if automatic falters)</translation>
    </message>
    <message>
        <source>alleen lezer 2 (als automatisch hapert)</source>
        <translation>reader 2 only (if automatic falters)</translation>
    </message>
    <message>
        <source>Demovideo met voorbeeldkaarten</source>
        <translation>Demo video with sample cards</translation>
    </message>
    <message>
        <source>geen camera (handscanner en opzoeken)</source>
        <translation>no camera (handheld scanner and look-up)</translation>
    </message>
    <message>
        <source>{name} (camera {index})</source>
        <translation>{name} (camera {index})</translation>
    </message>
    <message>
        <source>camera {index} (niet gevonden)</source>
        <translation>camera {index} (not found)</translation>
    </message>
    <message>
        <source>Camerabeeld</source>
        <translation>Camera picture</translation>
    </message>
    <message>
        <source>Het beeld van de gekozen camera verschijnt hier.</source>
        <translation>The picture of the chosen camera appears here.</translation>
    </message>
    <message>
        <source>Balie</source>
        <translation>Desk</translation>
    </message>
    <message>
        <source>Naam van deze balie</source>
        <translation>Name of this desk</translation>
    </message>
    <message>
        <source>Taal</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Videobron in plaats van camera</source>
        <translation>Video source instead of camera</translation>
    </message>
    <message>
        <source>Streepjescodes lezen</source>
        <translation>Reading barcodes</translation>
    </message>
    <message>
        <source>Coördinator</source>
        <translation>Coordinator</translation>
    </message>
    <message>
        <source>De vergadering is geopend: naam van de balie, streepjescodes lezen en formaat stempas wijzigen alleen met de pincode van de coördinator.</source>
        <translation>The meeting is open: the desk name, reading barcodes and the pass size change only with the coordinator&apos;s PIN.</translation>
    </message>
    <message>
        <source>Pincode coördinator (huidige)</source>
        <translation>Coordinator PIN (current)</translation>
    </message>
    <message>
        <source>Nieuwe pincode coördinator</source>
        <translation>New coordinator PIN</translation>
    </message>
    <message>
        <source>De vergadering is geopend: voor deze wijziging is de pincode van de coördinator nodig.</source>
        <translation>The meeting is open: this change needs the coordinator&apos;s PIN.</translation>
    </message>
    <message>
        <source>De pincode kan hier niet worden gecontroleerd.</source>
        <translation>The PIN cannot be checked here.</translation>
    </message>
    <message>
        <source>Printer voor stempassen</source>
        <translation>Printer for voting passes</translation>
    </message>
    <message>
        <source>Formaat stempas</source>
        <translation>Voting pass size</translation>
    </message>
    <message>
        <source>Map voor PDF-stempassen</source>
        <translation>Folder for PDF voting passes</translation>
    </message>
    <message>
        <source>Scherm voor de uitslag</source>
        <translation>Screen for the results</translation>
    </message>
    <message>
        <source>Reservekopieën</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>Map (bv. USB-stick)</source>
        <translation>Folder (e.g. USB stick)</translation>
    </message>
    <message>
        <source>Elke</source>
        <translation>Every</translation>
    </message>
    <message>
        <source>Bewaar de laatste</source>
        <translation>Keep the last</translation>
    </message>
    <message>
        <source>E-mail (stemkaarten versturen)</source>
        <translation>E-mail (sending voting cards)</translation>
    </message>
    <message>
        <source>SMTP-server</source>
        <translation>SMTP server</translation>
    </message>
    <message>
        <source>Poort</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Beveiliging</source>
        <translation>Security</translation>
    </message>
    <message>
        <source>Gebruikersnaam</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Afzender</source>
        <translation>Sender</translation>
    </message>
    <message>
        <source>Het wachtwoord wordt bij het versturen gevraagd en niet als tekst bewaard.</source>
        <translation>The password is asked for when sending and is never stored as text.</translation>
    </message>
    <message>
        <source>Kies…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Kies een map</source>
        <translation>Choose a folder</translation>
    </message>
    <message>
        <source>Geen camera gekozen: de balie werkt met de handscanner en F2.</source>
        <translation>No camera chosen: the desk works with the handheld scanner and F2.</translation>
    </message>
    <message>
        <source>Camera wordt gestart…</source>
        <translation>Starting the camera…</translation>
    </message>
    <message>
        <source>De pincode moet minstens 4 cijfers hebben.</source>
        <translation>The PIN must have at least 4 digits.</translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <source>Waarom? (wordt vastgelegd in het logboek)</source>
        <extracomment>The heading as shown (tests read it).</extracomment>
        <translation>Why? (recorded in the audit log)</translation>
    </message>
    <message>
        <source>&amp;Pincode coördinator:</source>
        <translation>Coordinator &amp;PIN:</translation>
    </message>
    <message>
        <source>&amp;Reden:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>Bevestigen (Enter)</source>
        <translation>Confirm (Enter)</translation>
    </message>
    <message>
        <source>Annuleren (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
</context>
<context>
    <name>TallyScreen</name>
    <message>
        <source>Aanwezig: {m} van {tm} gemeenten · {v} van {tv} stemmen</source>
        <translation>Present: {m} of {tm} municipalities · {v} of {tv} votes</translation>
    </message>
    <message>
        <source>Nog niet gestemd: {m} ({v})</source>
        <translation>Not voted yet: {m} ({v})</translation>
    </message>
    <message>
        <source>Geen stemming</source>
        <translation>No vote</translation>
    </message>
    <message>
        <source>drempel {n}</source>
        <translation>threshold {n}</translation>
    </message>
</context>
<context>
    <name>TallyWindow</name>
    <message>
        <source>Stembalie — uitslagenscherm</source>
        <translation>Stembalie — results screen</translation>
    </message>
</context>
<context>
    <name>TellerPanel</name>
    <message>
        <source>stem</source>
        <extracomment>The scanned stempas waiting for its choice (the service&apos;s answer), if any. The panel waits for a scan (nothing of a teller&apos;s on it that a change may wipe).</extracomment>
        <translation>vote</translation>
    </message>
    <message>
        <source>stemmen</source>
        <translation>votes</translation>
    </message>
    <message>
        <source>Scan de keuze op het stembiljet of druk 1 t/m {n} (optie), O (onthouding).</source>
        <translation>Scan the choice on the ballot paper or press 1 to {n} (option), O (abstention).</translation>
    </message>
    <message>
        <source>Scan de keuze op het stemformulier of druk V (voor), T (tegen), O (onthouding).</source>
        <translation>Scan the choice on the choice sheet or press V (for), T (against), O (abstention).</translation>
    </message>
    <message>
        <source>ONGELDIGE CODE</source>
        <translation>INVALID CODE</translation>
    </message>
    <message>
        <source>ONBEKENDE STEMPAS</source>
        <translation>UNKNOWN VOTING PASS</translation>
    </message>
    <message>
        <source>GEEN OPEN STEMMING</source>
        <translation>NO OPEN VOTE</translation>
    </message>
    <message>
        <source>STEMMING GESLOTEN</source>
        <translation>VOTE CLOSED</translation>
    </message>
    <message>
        <source>MAG NIET MEESTEMMEN</source>
        <translation>MAY NOT VOTE</translation>
    </message>
    <message>
        <source>STEMPAS NIET GELDIG</source>
        <translation>VOTING PASS NOT VALID</translation>
    </message>
    <message>
        <source>ONBEKENDE KEUZE</source>
        <translation>UNKNOWN CHOICE</translation>
    </message>
    <message>
        <source>NIET GELUKT</source>
        <translation>FAILED</translation>
    </message>
    <message>
        <source>SCAN DE STEMPAS</source>
        <translation>SCAN THE VOTING PASS</translation>
    </message>
    <message>
        <source>Stemming {n} is open. Scan de stempas van het lid; daarna de keuze.</source>
        <translation>Vote {n} is open. Scan the member&apos;s voting pass, then the choice.</translation>
    </message>
    <message>
        <source>Kies een punt in de agenda en open de stemming met F5.</source>
        <translation>Choose an item in the agenda and open the vote with F5.</translation>
    </message>
    <message>
        <source>Er is niets vastgelegd.</source>
        <translation>Nothing was recorded.</translation>
    </message>
    <message>
        <source>Deze gemeente heeft al gestemd; bij een geheime stemming kan dat niet worden gewijzigd.</source>
        <translation>This municipality has already voted; in a secret vote that cannot be changed.</translation>
    </message>
    <message>
        <source>Eerder gekozen: {choice}. Een nieuwe keuze vervangt die.</source>
        <translation>Chosen earlier: {choice}. A new choice replaces it.</translation>
    </message>
    <message>
        <source>Esc: gescande stempas wissen.</source>
        <translation>Esc: clear the scanned pass.</translation>
    </message>
    <message>
        <source>STEMPAS {serial} — WELKE KEUZE?</source>
        <translation>VOTING PASS {serial} — WHICH CHOICE?</translation>
    </message>
    <message>
        <source>SCAN EERST DE STEMPAS</source>
        <translation>SCAN THE VOTING PASS FIRST</translation>
    </message>
    <message>
        <source>De keuze {choice} is niet vastgelegd: er is geen stempas gescand.</source>
        <translation>The choice {choice} was not recorded: no voting pass has been scanned.</translation>
    </message>
    <message>
        <source>NIET VASTGELEGD</source>
        <translation>NOT RECORDED</translation>
    </message>
    <message>
        <source>STEM VASTGELEGD</source>
        <translation>VOTE RECORDED</translation>
    </message>
    <message>
        <source>Geheime stemming: de keuze wordt niet getoond en kan niet meer worden gewijzigd.</source>
        <translation>Secret vote: the choice is not shown and can no longer be changed.</translation>
    </message>
    <message>
        <source>Gewijzigd: eerder {old}. Alleen de laatste keuze telt.</source>
        <translation>Changed: previously {old}. Only the last choice counts.</translation>
    </message>
    <message>
        <source>Vastgelegd om {time} · stempas {serial}</source>
        <translation>Recorded at {time} · voting pass {serial}</translation>
    </message>
    <message>
        <source>Scan de volgende stempas.</source>
        <translation>Scan the next voting pass.</translation>
    </message>
</context>
<context>
    <name>VotingTab</name>
    <message>
        <source>Waarover wordt gestemd: het voorstel, het voorstel zoals geamendeerd, of het preadvies van het bestuur.</source>
        <translation>What is being voted on: the proposal, the proposal as amended, or the board&apos;s advice.</translation>
    </message>
    <message>
        <source>Stemming openen (F5)</source>
        <translation>Open vote (F5)</translation>
    </message>
    <message>
        <source>Acclamatie (F6)</source>
        <translation>Acclamation (F6)</translation>
    </message>
    <message>
        <source>Sluiten (F7)</source>
        <translation>Close (F7)</translation>
    </message>
    <message>
        <source>Uitslag vaststellen (F8)</source>
        <translation>Declare result (F8)</translation>
    </message>
    <message>
        <source>Herstemming (F9)</source>
        <translation>New vote (F9)</translation>
    </message>
    <message>
        <source>Hoofdelijk (F3)</source>
        <translation>Roll call (F3)</translation>
    </message>
    <message>
        <source>Uitslagbestand (F4)</source>
        <translation>Results file (F4)</translation>
    </message>
    <message>
        <source>Stemopnemer: stempas en keuze scannen</source>
        <translation>Vote counter: scan the voting pass and the choice</translation>
    </message>
    <message>
        <source>Hoofdelijk: keuze per gemeente (V / T / O)</source>
        <translation>Roll call: a choice per municipality (V / T / O)</translation>
    </message>
    <message>
        <source>Uitslagbestand inlezen</source>
        <translation>Import a results file</translation>
    </message>
    <message>
        <source>Zoeken in de lijst</source>
        <translation>Search the list</translation>
    </message>
    <message>
        <source>Nog geen agenda: lees het agendabestand in (Ctrl+O).</source>
        <translation>No agenda yet: import the agenda file (Ctrl+O).</translation>
    </message>
    <message>
        <source>Nog geen stemming gehouden. Kies een punt en open de stemming (F5).</source>
        <translation>No vote held yet. Choose an item and open the vote (F5).</translation>
    </message>
    <message>
        <source>Stemming {n} · punt {step} · {title}</source>
        <translation>Vote {n} · item {step} · {title}</translation>
    </message>
    <message>
        <source> · geheim</source>
        <translation> · secret</translation>
    </message>
    <message>
        <source>VERVANGEN</source>
        <translation>SUPERSEDED</translation>
    </message>
    <message>
        <source>ACCLAMATIE</source>
        <translation>ACCLAMATION</translation>
    </message>
    <message>
        <source>OPEN</source>
        <translation>OPEN</translation>
    </message>
    <message>
        <source>GESLOTEN</source>
        <translation>CLOSED</translation>
    </message>
    <message>
        <source>VASTGESTELD</source>
        <translation>DECLARED</translation>
    </message>
    <message>
        <source>Bij acclamatie: geen stemmen per gemeente.</source>
        <translation>By acclamation: no votes per municipality.</translation>
    </message>
    <message>
        <source>Vastgesteld: {statement}</source>
        <translation>Declared: {statement}</translation>
    </message>
    <message>
        <source>stemmen</source>
        <translation>votes</translation>
    </message>
    <message>
        <source>stem</source>
        <translation>vote</translation>
    </message>
    <message>
        <source>gemeenten</source>
        <translation>municipalities</translation>
    </message>
    <message>
        <source>gemeente</source>
        <translation>municipality</translation>
    </message>
    <message>
        <source>Nog niet gestemd: {n} van {total} ({w})</source>
        <translation>Not voted yet: {n} of {total} ({w})</translation>
    </message>
    <message>
        <source>Tussenstand: de stemming is open, er is nog geen uitslag.</source>
        <translation>Interim count: the vote is open, there is no result yet.</translation>
    </message>
    <message>
        <source>Let op de stemvolgorde:</source>
        <translation>Mind the voting order:</translation>
    </message>
    <message>
        <source>Als u toch opent, komt dat in het proces-verbaal.</source>
        <translation>If you open it anyway, the minutes say so.</translation>
    </message>
    <message>
        <source>Stemvolgorde</source>
        <translation>Voting order</translation>
    </message>
    <message>
        <source>Stemming over {step} {title} toch openen?</source>
        <translation>Open the vote on {step} {title} anyway?</translation>
    </message>
    <message>
        <source>Toch openen (Enter)</source>
        <translation>Open anyway (Enter)</translation>
    </message>
    <message>
        <source>Stemming {n} is geopend: {members} met {votes} mag stemmen.</source>
        <translation>Vote {n} is open: {members} with {votes} may vote.</translation>
    </message>
    <message>
        <source>Stemming {n} is geopend: {members} met {votes} mogen stemmen.</source>
        <translation>Vote {n} is open: {members} with {votes} may vote.</translation>
    </message>
    <message>
        <source>Gestemd: {voted} van {eligible} ({w} van {total}). Nog niet gestemd: {n}. Na het sluiten kan geen keuze meer worden vastgelegd of gewijzigd.</source>
        <translation>Voted: {voted} of {eligible} ({w} of {total}). Not voted yet: {n}. Once closed, no choice can be recorded or changed.</translation>
    </message>
    <message>
        <source> — wijkt af van de berekening ({computed})</source>
        <translation> — differs from the computed result ({computed})</translation>
    </message>
    <message>
        <source>Waarover wordt gestemd</source>
        <translation>What is being voted on</translation>
    </message>
    <message>
        <source>Stemopnemer (F2)</source>
        <translation>Vote counter (F2)</translation>
    </message>
    <message>
        <source>Berekend: {computed}. Stel de uitslag vast met F8.</source>
        <translation>Computed: {computed}. Declare the result with F8.</translation>
    </message>
    <message>
        <source> — vervangen door herstemming {n}</source>
        <translation> — superseded by new vote {n}</translation>
    </message>
    <message>
        <source>Scan genegeerd: sluit eerst het venster dat open staat.</source>
        <translation>Scan ignored: close the open window first.</translation>
    </message>
    <message>
        <source>Toets &apos;{key}&apos; hoort niet bij deze stemming. {keys}</source>
        <translation>Key &apos;{key}&apos; does not belong to this vote. {keys}</translation>
    </message>
    <message>
        <source>{step} {title} — aangenomen bij acclamatie?</source>
        <translation>{step} {title} — adopted by acclamation?</translation>
    </message>
    <message>
        <source>aangenomen bij acclamatie</source>
        <translation>adopted by acclamation</translation>
    </message>
    <message>
        <source>Vastgelegd: {step} aangenomen bij acclamatie.</source>
        <translation>Recorded: {step} adopted by acclamation.</translation>
    </message>
    <message>
        <source>Stemming sluiten</source>
        <translation>Close vote</translation>
    </message>
    <message>
        <source>Stemming {n} sluiten?</source>
        <translation>Close vote {n}?</translation>
    </message>
    <message>
        <source>Sluiten (Enter)</source>
        <translation>Close (Enter)</translation>
    </message>
    <message>
        <source>Stemming {n} gesloten. Berekend: {computed}. Stel de uitslag vast met F8.</source>
        <translation>Vote {n} closed. Computed: {computed}. Declare the result with F8.</translation>
    </message>
    <message>
        <source>Stemming {n} · {step} {title}</source>
        <translation>Vote {n} · {step} {title}</translation>
    </message>
    <message>
        <source>Uitslag vastgesteld: {statement}</source>
        <translation>Result declared: {statement}</translation>
    </message>
    <message>
        <source>Stemming {n} blijft bewaard en wordt vervangen door een nieuwe stemming over hetzelfde punt. Wie nu aanwezig is met een stempas, mag stemmen.</source>
        <translation>Vote {n} is kept and superseded by a new vote on the same item. Everyone present now with a voting pass may vote.</translation>
    </message>
    <message>
        <source>Herstemming</source>
        <translation>New vote</translation>
    </message>
    <message>
        <source>Herstemming over {step} {title}?</source>
        <translation>New vote on {step} {title}?</translation>
    </message>
    <message>
        <source>Herstemming openen (Enter)</source>
        <translation>Open new vote (Enter)</translation>
    </message>
    <message>
        <source>Herstemming geopend: stemming {n} vervangt stemming {old}.</source>
        <translation>New vote opened: vote {n} supersedes vote {old}.</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>.</source>
        <comment>thousands separator: 13.111 stemmen (English: &apos;,&apos;)</comment>
        <translation>,</translation>
    </message>
    <message>
        <source>{n} gemeente</source>
        <translation>{n} municipality</translation>
    </message>
    <message>
        <source>{n} gemeenten</source>
        <translation>{n} municipalities</translation>
    </message>
    <message>
        <source>{n} stem</source>
        <translation>{n} vote</translation>
    </message>
    <message>
        <source>{n} stemmen</source>
        <translation>{n} votes</translation>
    </message>
    <message>
        <source>{n} vertegenwoordiger</source>
        <translation>{n} representative</translation>
    </message>
    <message>
        <source>{n} vertegenwoordigers</source>
        <translation>{n} representatives</translation>
    </message>
    <message>
        <source>{n} agendapunt</source>
        <translation>{n} agenda item</translation>
    </message>
    <message>
        <source>{n} agendapunten</source>
        <translation>{n} agenda items</translation>
    </message>
    <message>
        <source>{n} stemming</source>
        <translation>{n} vote</translation>
    </message>
    <message>
        <source>{n} stemmingen</source>
        <translation>{n} votes</translation>
    </message>
    <message>
        <source>{n} fout</source>
        <translation>{n} problem</translation>
    </message>
    <message>
        <source>{n} fouten</source>
        <translation>{n} problems</translation>
    </message>
    <message>
        <source>{n} keuze</source>
        <translation>{n} choice</translation>
    </message>
    <message>
        <source>{n} keuzes</source>
        <translation>{n} choices</translation>
    </message>
    <message>
        <source>{n} stemkaart</source>
        <translation>{n} voting card</translation>
    </message>
    <message>
        <source>{n} stemkaarten</source>
        <translation>{n} voting cards</translation>
    </message>
    <message>
        <source>{n} bestand</source>
        <translation>{n} file</translation>
    </message>
    <message>
        <source>{n} bestanden</source>
        <translation>{n} files</translation>
    </message>
</context>
</TS>
