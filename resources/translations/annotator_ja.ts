<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>AgreementPane</name>
    <message>
        <location filename="../../ui/panes/agreement.py" line="80"/>
        <source>Passage</source>
        <translation>段落</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="81"/>
        <source>Character</source>
        <translation>文字</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="83"/>
        <source>Whole project</source>
        <translation>プロジェクト全体</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="84"/>
        <source>Current document</source>
        <translation>現在の文書</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="87"/>
        <source>Copy table and note</source>
        <translation>表と方法の記述をコピー</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="101"/>
        <source>All documents</source>
        <translation>すべての文書</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="115"/>
        <source>Coders</source>
        <translation>コーダー</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="117"/>
        <source>Unit:</source>
        <translation>単位:</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="118"/>
        <source>Scope:</source>
        <translation>範囲:</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="122"/>
        <source>By document</source>
        <translation>文書別</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="200"/>
        <source>Has not marked a document done: all of their values are missing</source>
        <translation>完了にした文書がないため、このコーダーの値はすべて欠測になります</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="225"/>
        <source>Tick two or more coders.</source>
        <translation>コーダーを2人以上選んでください。</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="228"/>
        <source>No document is open.</source>
        <translation>文書が開かれていません。</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="275"/>
        <source>Pooled</source>
        <translation>プール</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="275"/>
        <source>Macro (mean of codes)</source>
        <translation>マクロ平均（コード間の平均）</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="284"/>
        <source>{n} documents</source>
        <translation>{n}文書</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="285"/>
        <source>{coders} · {units} {unit} units · {where}</source>
        <translation>{coders} · 単位: {unit}（{units}件） · {where}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="308"/>
        <source>Select a code to see its confusion table (two coders only).</source>
        <translation>コードを選ぶとクロス表を表示します（コーダー2人の場合のみ）。</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="312"/>
        <source>{code}: {a} (rows) × {b} (columns)</source>
        <translation>{code}: {a}（行） × {b}（列）</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="314"/>
        <source>applied</source>
        <translation>付与あり</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="314"/>
        <source>not applied</source>
        <translation>付与なし</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="314"/>
        <source>total</source>
        <translation>合計</translation>
    </message>
    <message>
        <location filename="../../ui/panes/agreement.py" line="333"/>
        <source>Copied the table and the methods note.</source>
        <translation>表と方法の記述をコピーしました。</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../ui/app.py" line="63"/>
        <source>Who is coding? (your name)</source>
        <translation>コーディングするのは誰ですか？（お名前）</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="75"/>
        <source>Cannot build the sample project: {error}</source>
        <translation>サンプルプロジェクトを作成できません: {error}</translation>
    </message>
</context>
<context>
    <name>CodeAllDialog</name>
    <message>
        <location filename="../../ui/panes/search.py" line="222"/>
        <source>Code all hits</source>
        <translation>すべてのヒットにコード付け</translation>
    </message>
    <message>
        <location filename="../../ui/panes/search.py" line="234"/>
        <source>Code:</source>
        <translation>コード:</translation>
    </message>
    <message>
        <location filename="../../ui/panes/search.py" line="236"/>
        <source>Passages with hits: {n}</source>
        <translation>ヒットした段落: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/search.py" line="239"/>
        <source>Skipped (speaker names, figure captions): {n}</source>
        <translation>対象外（発言者名・図のキャプション）: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/search.py" line="241"/>
        <source>They are coded in one step: one Undo removes them all.</source>
        <translation>一括でコード付けします。「元に戻す」1回ですべて取り消せます。</translation>
    </message>
    <message>
        <location filename="../../ui/panes/search.py" line="246"/>
        <source>Code all</source>
        <translation>一括コード付け</translation>
    </message>
</context>
<context>
    <name>CodeEditorDialog</name>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="50"/>
        <source>Edit code</source>
        <translation>コードの編集</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="50"/>
        <source>New code</source>
        <translation>新規コード</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="53"/>
        <source>made from the English name</source>
        <translation>英語名から自動生成</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="66"/>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="75"/>
        <source>Japanese name</source>
        <translation>日本語名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="76"/>
        <source>English name</source>
        <translation>英語名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="77"/>
        <source>Key</source>
        <translation>キー</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="78"/>
        <location filename="../../ui/dialogs/code_editor.py" line="180"/>
        <source>Colour</source>
        <translation>色</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="79"/>
        <source>Shortcut</source>
        <translation>ショートカット</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="82"/>
        <source>Definition</source>
        <translation>定義</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="83"/>
        <source>Include when</source>
        <translation>含める条件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="84"/>
        <source>Exclude when</source>
        <translation>除外する条件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="85"/>
        <source>Examples</source>
        <translation>例</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="153"/>
        <source>Already used by {code}</source>
        <translation>{code}で使用中</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="160"/>
        <source>Shortcut {key} is already used by {code}.</source>
        <translation>ショートカット {key} は{code}で使用されています。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/code_editor.py" line="164"/>
        <source>A code needs a key.</source>
        <translation>コードにはキーが必要です。</translation>
    </message>
</context>
<context>
    <name>CodebookCommands</name>
    <message>
        <location filename="../../ui/commands/codebook.py" line="39"/>
        <source>Add code {code}</source>
        <translation>コード「{code}」を追加</translation>
    </message>
    <message>
        <location filename="../../ui/commands/codebook.py" line="75"/>
        <source>Edit code {code}</source>
        <translation>コード「{code}」を編集</translation>
    </message>
    <message>
        <location filename="../../ui/commands/codebook.py" line="100"/>
        <source>Move code {code}</source>
        <translation>コード「{code}」を移動</translation>
    </message>
    <message>
        <location filename="../../ui/commands/codebook.py" line="124"/>
        <source>Merge {source} into {target}</source>
        <translation>「{source}」を「{target}」に統合</translation>
    </message>
    <message>
        <location filename="../../ui/commands/codebook.py" line="143"/>
        <source>Delete code {code}</source>
        <translation>コード「{code}」を削除</translation>
    </message>
</context>
<context>
    <name>CodebookFiles</name>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="49"/>
        <source>Import codebook {name}</source>
        <translation>コードブック「{name}」をインポート</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="75"/>
        <location filename="../../ui/dialogs/codebook_files.py" line="153"/>
        <location filename="../../ui/dialogs/codebook_files.py" line="167"/>
        <source>Import codebook</source>
        <translation>コードブックのインポート</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="76"/>
        <source>Importing {name} will make these changes to the codebook:</source>
        <translation>{name} をインポートすると、コードブックは次のように変わります:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="82"/>
        <source>Codes not in the file are kept. You can undo the import with Edit › Undo.</source>
        <translation>ファイルにないコードはそのまま残ります。インポートは「編集 › 元に戻す」で取り消せます。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="86"/>
        <source>Import</source>
        <translation>インポート</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="113"/>
        <source>&amp;Export codebook…</source>
        <translation>コードブックのエクスポート(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="114"/>
        <source>Write the codebook to Excel (.xlsx) or REFI-QDA (.qdc)</source>
        <translation>コードブックを Excel (.xlsx) または REFI-QDA (.qdc) 形式で書き出します</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="117"/>
        <source>&amp;Import codebook…</source>
        <translation>コードブックのインポート(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="118"/>
        <source>Merge codes from an .xlsx or .qdc file</source>
        <translation>.xlsx または .qdc ファイルからコードを取り込みます</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="128"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel ブック (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="128"/>
        <source>REFI-QDA codebook (*.qdc)</source>
        <translation>REFI-QDA コードブック (*.qdc)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="134"/>
        <source>Export codebook</source>
        <translation>コードブックのエクスポート</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="142"/>
        <source>Cannot export the codebook</source>
        <translation>コードブックをエクスポートできません</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="143"/>
        <source>{name} was not written.</source>
        <translation>{name} は書き出されませんでした。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="146"/>
        <source>Wrote {n} codes to {path}</source>
        <translation>{n}件のコードを {path} に書き出しました</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="154"/>
        <source>Codebook files (*.xlsx *.qdc)</source>
        <translation>コードブックファイル (*.xlsx *.qdc)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="168"/>
        <source>Nothing to import: the codebook already has what {name} holds.</source>
        <translation>取り込む変更はありません: {name} の内容はすでにコードブックにあります。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="189"/>
        <source>Imported {name}: {added} added, {updated} updated</source>
        <translation>{name} をインポートしました: 追加 {added}件、更新 {updated}件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="194"/>
        <source>Cannot import the codebook</source>
        <translation>コードブックをインポートできません</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/codebook_files.py" line="195"/>
        <source>{name} cannot be imported; the codebook was not changed.</source>
        <translation>{name} はインポートできません。コードブックは変更されていません。</translation>
    </message>
</context>
<context>
    <name>CodebookModel</name>
    <message>
        <location filename="../../ui/models/codebook.py" line="167"/>
        <source>Code</source>
        <translation>コード</translation>
    </message>
    <message>
        <location filename="../../ui/models/codebook.py" line="167"/>
        <source>Codings</source>
        <translation>コーディング数</translation>
    </message>
    <message>
        <location filename="../../ui/models/codebook.py" line="167"/>
        <source>Shortcut</source>
        <translation>ショートカット</translation>
    </message>
    <message>
        <location filename="../../ui/models/codebook.py" line="170"/>
        <source>Click a code to apply it to the current passage; click again to remove</source>
        <translation>クリックで現在の段落にコードを付け、もう一度クリックで解除します</translation>
    </message>
    <message>
        <location filename="../../ui/models/codebook.py" line="171"/>
        <source>Keyboard shortcut</source>
        <translation>キーボードショートカット</translation>
    </message>
    <message>
        <location filename="../../ui/models/codebook.py" line="172"/>
        <source>Codings by all coders</source>
        <translation>全コーダーのコーディング数</translation>
    </message>
    <message>
        <location filename="../../ui/models/codebook.py" line="208"/>
        <source>Include: {note}</source>
        <translation>含める: {note}</translation>
    </message>
    <message>
        <location filename="../../ui/models/codebook.py" line="210"/>
        <source>Exclude: {note}</source>
        <translation>除外: {note}</translation>
    </message>
</context>
<context>
    <name>CodebookPane</name>
    <message>
        <location filename="../../ui/panes/codebook.py" line="106"/>
        <source>Apply</source>
        <translation>付与</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="107"/>
        <source>Code the current passage or selection with this code (or remove it)</source>
        <translation>現在の段落または選択範囲にこのコードを付与します(付与済みなら外します)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="108"/>
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="108"/>
        <source>Add a code</source>
        <translation>コードを追加</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="110"/>
        <source>Add sub-code</source>
        <translation>下位コードを追加</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="110"/>
        <source>Add a code under this one</source>
        <translation>このコードの下にコードを追加</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="112"/>
        <source>Edit…</source>
        <translation>編集…</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="112"/>
        <source>Edit code</source>
        <translation>コードの編集</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="115"/>
        <source>Merge into…</source>
        <translation>別のコードに統合…</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="115"/>
        <source>Move codings and sub-codes over</source>
        <translation>コーディングと下位コードを移します</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="118"/>
        <source>Delete…</source>
        <translation>削除…</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="118"/>
        <location filename="../../ui/panes/codebook.py" line="286"/>
        <location filename="../../ui/panes/codebook.py" line="305"/>
        <source>Delete code</source>
        <translation>コードの削除</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="121"/>
        <source>Codebook</source>
        <translation>コードブック</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="192"/>
        <source>Pick a passage or select text first</source>
        <translation>先に段落を選ぶか、テキストを選択してください</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="210"/>
        <source>Cannot code</source>
        <translation>コード付けできません</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="261"/>
        <source>Merge “{code}” into:</source>
        <translation>「{code}」の統合先:</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="262"/>
        <location filename="../../ui/panes/codebook.py" line="273"/>
        <location filename="../../ui/panes/codebook.py" line="279"/>
        <source>Merge codes</source>
        <translation>コードの統合</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="274"/>
        <source>“{code}” cannot be merged into its own sub-code.</source>
        <translation>「{code}」を自身の下位コードに統合することはできません。</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="288"/>
        <source>Delete “{code}”?</source>
        <translation>「{code}」を削除しますか？</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="293"/>
        <source>“{code}” has {n} coding(s). Move them to:</source>
        <translation>「{code}」には{n}件のコーディングがあります。移動先:</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codebook.py" line="331"/>
        <source>There is no other code to choose.</source>
        <translation>選べるほかのコードがありません。</translation>
    </message>
</context>
<context>
    <name>CodingActions</name>
    <message>
        <location filename="../../ui/commands/actions.py" line="116"/>
        <source>Memo</source>
        <translation>メモ</translation>
    </message>
    <message>
        <location filename="../../ui/commands/actions.py" line="117"/>
        <source>Memo for {code}:</source>
        <translation>{code}のメモ:</translation>
    </message>
</context>
<context>
    <name>CodingsModel</name>
    <message>
        <location filename="../../ui/models/codings.py" line="71"/>
        <source>Code</source>
        <translation>コード</translation>
    </message>
    <message>
        <location filename="../../ui/models/codings.py" line="71"/>
        <source>Coder</source>
        <translation>コーダー</translation>
    </message>
    <message>
        <location filename="../../ui/models/codings.py" line="71"/>
        <source>Memo</source>
        <translation>メモ</translation>
    </message>
</context>
<context>
    <name>CodingsPane</name>
    <message>
        <location filename="../../ui/panes/codings.py" line="34"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codings.py" line="36"/>
        <source>Memo…</source>
        <translation>メモ…</translation>
    </message>
    <message>
        <location filename="../../ui/panes/codings.py" line="66"/>
        <source>Memo</source>
        <translation>メモ</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <location filename="../../ui/commands/coding.py" line="87"/>
        <source>Code as {code}</source>
        <translation>{code}としてコード付け</translation>
    </message>
    <message>
        <location filename="../../ui/commands/coding.py" line="87"/>
        <source>Code {n} passages as {code}</source>
        <translation>{n}段落を{code}としてコード付け</translation>
    </message>
    <message>
        <location filename="../../ui/commands/coding.py" line="113"/>
        <source>Remove {code}</source>
        <translation>{code}のコード付けを解除</translation>
    </message>
    <message>
        <location filename="../../ui/commands/coding.py" line="126"/>
        <source>Edit memo</source>
        <translation>メモの編集</translation>
    </message>
    <message>
        <location filename="../../ui/commands/coding.py" line="138"/>
        <source>Mark document done</source>
        <translation>文書を完了にする</translation>
    </message>
    <message>
        <location filename="../../ui/commands/coding.py" line="139"/>
        <source>Mark document in progress</source>
        <translation>文書を作業中に戻す</translation>
    </message>
</context>
<context>
    <name>CompareModel</name>
    <message>
        <location filename="../../ui/models/compare.py" line="70"/>
        <source>Page</source>
        <translation>ページ</translation>
    </message>
    <message>
        <location filename="../../ui/models/compare.py" line="70"/>
        <source>Passage</source>
        <translation>段落</translation>
    </message>
    <message>
        <location filename="../../ui/models/compare.py" line="136"/>
        <source>{code}: only {coders}</source>
        <translation>{code}: {coders} のみ</translation>
    </message>
</context>
<context>
    <name>ComparePane</name>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="61"/>
        <source>Blind mode: comparing shows other coders&apos; codings, so it is off for you.</source>
        <translation>ブラインドモード: 比較には他のコーダーのコーディングが表示されるため、現在は利用できません。</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="86"/>
        <source>◀ Previous disagreement</source>
        <translation>◀ 前の不一致</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="87"/>
        <source>Next disagreement ▶</source>
        <translation>次の不一致 ▶</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="93"/>
        <source>Accept into consensus</source>
        <translation>合意に採用</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="95"/>
        <source>Copy the codings of the selected coder cells into the consensus coder</source>
        <translation>選択したコーダーのセルのコーディングを合意（consensus）コーダーにコピーします</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="97"/>
        <source>Apply code to consensus…</source>
        <translation>合意にコードを付与…</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="104"/>
        <source>Coders</source>
        <translation>コーダー</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="190"/>
        <source>Tick two or more coders to compare.</source>
        <translation>比較するコーダーを2人以上選んでください。</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="203"/>
        <source>{n} of {total} passages disagree</source>
        <translation>{total}段落中{n}段落が不一致</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="266"/>
        <source>The coders agree on every passage.</source>
        <translation>すべての段落でコーダーの判断が一致しています。</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="289"/>
        <source>Select the cells of the coders whose codings stand, then accept them.</source>
        <translation>採用するコーダーのセルを選択してから「合意に採用」を押してください。</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="297"/>
        <source>{n} coding(s) accepted into the consensus.</source>
        <translation>{n}件のコーディングを合意に採用しました。</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="302"/>
        <source>Select a passage first.</source>
        <translation>先に段落を選択してください。</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="322"/>
        <source>{code} applied to the consensus.</source>
        <translation>合意に{code}を付与しました。</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="330"/>
        <source>Already in the consensus: nothing changed.</source>
        <translation>すでに合意に含まれています。変更はありません。</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/compare.py" line="346"/>
        <source>Accept {code} by {coder} into consensus</source>
        <translation>{coder}の{code}を合意に採用</translation>
    </message>
</context>
<context>
    <name>ConsensusCodeDialog</name>
    <message>
        <location filename="../../ui/panes/review/widgets.py" line="134"/>
        <source>Apply code to consensus</source>
        <translation>合意にコードを付与</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/widgets.py" line="144"/>
        <source>Why (optional)</source>
        <translation>理由（任意）</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/widgets.py" line="147"/>
        <source>Apply</source>
        <translation>付与</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/widgets.py" line="151"/>
        <source>Code:</source>
        <translation>コード:</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/widgets.py" line="152"/>
        <source>Memo:</source>
        <translation>メモ:</translation>
    </message>
</context>
<context>
    <name>DocumentModel</name>
    <message>
        <location filename="../../ui/models/documents.py" line="70"/>
        <source>Document</source>
        <translation>文書</translation>
    </message>
    <message>
        <location filename="../../ui/models/documents.py" line="70"/>
        <source>Pages</source>
        <translation>ページ数</translation>
    </message>
    <message>
        <location filename="../../ui/models/documents.py" line="70"/>
        <source>Coded</source>
        <translation>進捗</translation>
    </message>
</context>
<context>
    <name>DocumentsModel</name>
    <message>
        <location filename="../../ui/models/agreement.py" line="172"/>
        <source>Document</source>
        <translation>文書</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="172"/>
        <source>Units</source>
        <translation>単位数</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="172"/>
        <source>Fleiss κ (pooled)</source>
        <translation>Fleissのκ（プール）</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="173"/>
        <source>α (pooled)</source>
        <translation>α（プール）</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="193"/>
        <source>n = {n} units</source>
        <translation>n = {n}単位</translation>
    </message>
</context>
<context>
    <name>DocumentsPane</name>
    <message>
        <location filename="../../ui/panes/documents.py" line="28"/>
        <source>Filter documents</source>
        <translation>文書を絞り込み</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <location filename="../../ui/jobs/export.py" line="120"/>
        <source>the export stopped because of an internal error</source>
        <translation>内部エラーのためエクスポートが中断されました</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="221"/>
        <source>Starting the export…</source>
        <translation>エクスポートを開始しています…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="222"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="221"/>
        <source>Exporting</source>
        <translation>エクスポート中</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="231"/>
        <source>Writing the workbook</source>
        <translation>ブックを書き出し中</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="231"/>
        <source>Writing the CSV files</source>
        <translation>CSV ファイルを書き出し中</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="232"/>
        <source>{what} — {done} of {total} rows</source>
        <translation>{what} — {total}行中{done}行</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="267"/>
        <source>Open folder</source>
        <translation>フォルダーを開く</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="285"/>
        <source>The export failed: {reason}</source>
        <translation>エクスポートに失敗しました: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="286"/>
        <source>Export failed</source>
        <translation>エクスポート失敗</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="288"/>
        <source>Export cancelled</source>
        <translation>エクスポート中止</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="288"/>
        <source>The export was cancelled.</source>
        <translation>エクスポートを中止しました。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="290"/>
        <source>The workbook was written to {path}</source>
        <translation>ブックを {path} に書き出しました</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="292"/>
        <source>The CSV files were written to {folder}</source>
        <translation>CSV ファイルを {folder} に書き出しました</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="294"/>
        <source>Export finished</source>
        <translation>エクスポート完了</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="302"/>
        <source>{documents} documents, {units} rows in Codings, {codings} codings in Long</source>
        <translation>文書 {documents}件、Codings シート {units}行、Long シートのコーディング {codings}件</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="306"/>
        <source>{n} cell(s) were cut at Excel&apos;s limit of 32,767 characters; the About sheet lists them, and the CSV files keep them whole.</source>
        <translation>{n}個のセルを Excel の上限 32,767 文字で切り詰めました。該当セルは About シートに一覧があり、CSV ファイルには全文が残ります。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="310"/>
        <source>{n} cell(s) that look like formulas were stored as text.</source>
        <translation>数式のように見える {n}個のセルは文字列として保存しました。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="313"/>
        <source>{n} cell(s) held characters Excel cannot store; they were replaced by �.</source>
        <translation>{n}個のセルに Excel が保存できない文字があったため、� に置き換えました。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="319"/>
        <source>No workbook was written; {path} was left as it was.</source>
        <translation>ブックは書き出されていません。{path} は元のままです。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="322"/>
        <source>The workbook was written to {path}.</source>
        <translation>ブックは {path} に書き出されました。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/export.py" line="324"/>
        <source>No CSV files were written to {folder}.</source>
        <translation>{folder} に CSV ファイルは書き出されていません。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/dialogs/export.py" line="58"/>
        <location filename="../../ui/dialogs/export.py" line="112"/>
        <location filename="../../ui/dialogs/export.py" line="198"/>
        <location filename="../../ui/dialogs/export.py" line="204"/>
        <source>Export</source>
        <translation>エクスポート</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="63"/>
        <location filename="../../ui/dialogs/export.py" line="99"/>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="69"/>
        <source>All coders</source>
        <translation>すべてのコーダー</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="70"/>
        <source>One coder:</source>
        <translation>特定のコーダー:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="75"/>
        <source>Consensus only (the adjudicated codings)</source>
        <translation>合意のみ（合意に採用したコーディング）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="76"/>
        <source>Only codings a reviewer accepted</source>
        <translation>レビュアーが承認したコーディングのみ</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="84"/>
        <source>No codings have been adjudicated yet</source>
        <translation>合意に採用したコーディングはまだありません</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="90"/>
        <source>Codings</source>
        <translation>コーディング</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="97"/>
        <source>Also write CSV files (Codings, Long) to a folder</source>
        <translation>CSV ファイル（Codings、Long）もフォルダーに書き出す</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="110"/>
        <source>Workbook:</source>
        <translation>ブック:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="166"/>
        <source>Export workbook</source>
        <translation>ブックのエクスポート</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="167"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel ブック (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="173"/>
        <source>Folder for the CSV files</source>
        <translation>CSV ファイルの保存先フォルダー</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="183"/>
        <source>Choose where to write the workbook.</source>
        <translation>ブックの保存先を選んでください。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="186"/>
        <source>The folder {folder} does not exist.</source>
        <translation>フォルダー {folder} は存在しません。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="188"/>
        <source>{path} is a folder; give the workbook a file name.</source>
        <translation>{path} はフォルダーです。ブックのファイル名を指定してください。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="191"/>
        <source>{path} is a file, not a folder for the CSV files.</source>
        <translation>{path} はファイルです。CSV ファイルの保存先にはフォルダーを指定してください。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export.py" line="202"/>
        <source>{name} already exists. Replace it when the export is complete?</source>
        <translation>{name} はすでに存在します。エクスポートが完了したら置き換えますか？</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <location filename="../../ui/jobs/importer.py" line="105"/>
        <source>the import stopped because of an internal error</source>
        <translation>内部エラーのためインポートが中断されました</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/importer.py" line="136"/>
        <source>no PDF files found there</source>
        <translation>PDFファイルが見つかりません</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/importer.py" line="114"/>
        <source>search index</source>
        <translation>検索用の索引</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/importer.py" line="202"/>
        <source>Starting the import…</source>
        <translation>インポートを開始しています…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/importer.py" line="202"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/importer.py" line="201"/>
        <source>Importing PDFs</source>
        <translation>PDFをインポート中</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/importer.py" line="214"/>
        <source>{done} of {files} files done</source>
        <translation>{files}ファイル中{done}ファイル完了</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/importer.py" line="216"/>
        <source>{name} — page {page}/{pages}</source>
        <translation>{name} — {page}/{pages}ページ</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/importer.py" line="242"/>
        <source>Import finished</source>
        <translation>インポート完了</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/importer.py" line="249"/>
        <source>cancelled {name}: not imported</source>
        <translation>中止 {name}: インポートされていません</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/importer.py" line="252"/>
        <source>not imported {name}: the import was cancelled</source>
        <translation>未インポート {name}: インポートが中止されました</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/importer.py" line="255"/>
        <source>error: {reason}</source>
        <translation>エラー: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/importer.py" line="296"/>
        <source>{imported} imported, {skipped} skipped, {failed} with errors</source>
        <translation>インポート {imported}件、スキップ {skipped}件、エラー {failed}件</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/importer.py" line="299"/>
        <source>cancelled: {name} and the files after it were not imported</source>
        <translation>中止: {name} とそれ以降のファイルはインポートされていません</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="107"/>
        <source>Documents</source>
        <translation>文書</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="109"/>
        <source>Codebook</source>
        <translation>コードブック</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="110"/>
        <source>Codings</source>
        <translation>コーディング</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="112"/>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="122"/>
        <source>Review queue</source>
        <translation>レビュー一覧</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="123"/>
        <source>Compare coders</source>
        <translation>コーダー比較</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="124"/>
        <source>Agreement</source>
        <translation>一致度</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="150"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151"/>
        <source>&amp;New project…</source>
        <translation>新規プロジェクト(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="153"/>
        <source>&amp;Open project…</source>
        <translation>プロジェクトを開く(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="155"/>
        <source>Open &amp;recent</source>
        <translation>最近使ったプロジェクト(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="157"/>
        <source>&amp;Import PDFs…</source>
        <translation>PDFのインポート(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="158"/>
        <source>&amp;Export…</source>
        <translation>エクスポート(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="159"/>
        <source>Code&amp;book</source>
        <translation>コードブック(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="161"/>
        <source>&amp;Team</source>
        <translation>チーム(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="162"/>
        <source>Export REFI-QDA project (.qdpx)…</source>
        <translation>REFI-QDA プロジェクトを書き出す (.qdpx)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163"/>
        <source>Import REFI-QDA project (.qdpx)…</source>
        <translation>REFI-QDA プロジェクトを読み込む (.qdpx)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="164"/>
        <source>Save a &amp;copy…</source>
        <translation>コピーを保存(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="166"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="167"/>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="168"/>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="170"/>
        <source>&amp;Redo</source>
        <translation>やり直し(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <source>Switch &amp;coder…</source>
        <translation>コーダーの切り替え(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="177"/>
        <source>Zoom &amp;in</source>
        <translation>拡大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>Zoom &amp;out</source>
        <translation>縮小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181"/>
        <source>Fit &amp;width</source>
        <translation>幅に合わせる(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="182"/>
        <source>&amp;Next page</source>
        <translation>次のページ(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="183"/>
        <source>&amp;Previous page</source>
        <translation>前のページ(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="184"/>
        <source>&amp;Go to page…</source>
        <translation>指定ページへ移動(&amp;G)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="185"/>
        <source>&amp;Coding</source>
        <translation>コーディング(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="186"/>
        <source>&amp;Next passage</source>
        <translation>次の段落(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="187"/>
        <source>&amp;Previous passage</source>
        <translation>前の段落(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="188"/>
        <source>Edit &amp;memo…</source>
        <translation>メモを編集(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="189"/>
        <source>Mark document &amp;done</source>
        <translation>文書を完了にする(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="190"/>
        <source>&amp;Document</source>
        <translation>文書(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="191"/>
        <source>&amp;OCR scanned and garbled pages</source>
        <translation>スキャン・文字化けページをOCR(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="192"/>
        <source>Review &amp;queue</source>
        <translation>レビュー一覧(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="193"/>
        <source>&amp;Compare coders</source>
        <translation>コーダー比較(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="194"/>
        <source>A&amp;greement</source>
        <translation>コーダー間一致度(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="196"/>
        <source>&amp;Review</source>
        <translation>レビュー(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="218"/>
        <source>New project</source>
        <translation>新規プロジェクト</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="218"/>
        <source>Annotator projects (*.annot)</source>
        <translation>Annotator プロジェクト (*.annot)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="225"/>
        <source>Open project</source>
        <translation>プロジェクトを開く</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="225"/>
        <source>Annotator projects (*.annot);;All files (*)</source>
        <translation>Annotator プロジェクト (*.annot);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="234"/>
        <source>Cannot open project</source>
        <translation>プロジェクトを開けません</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="242"/>
        <source>Coder</source>
        <translation>コーダー</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="242"/>
        <source>Who is coding?</source>
        <translation>コーダー名を入力してください:</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="249"/>
        <source>Coder: {name}</source>
        <translation>コーダー: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="270"/>
        <source>Import PDFs</source>
        <translation>PDFのインポート</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="270"/>
        <source>PDF files (*.pdf);;All files (*)</source>
        <translation>PDF ファイル (*.pdf);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="300"/>
        <source>Export REFI-QDA project</source>
        <translation>REFI-QDA プロジェクトの書き出し</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="300"/>
        <location filename="../../ui/main_window.py" line="307"/>
        <source>REFI-QDA project (*.qdpx)</source>
        <translation>REFI-QDA プロジェクト (*.qdpx)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="307"/>
        <source>Import REFI-QDA project</source>
        <translation>REFI-QDA プロジェクトの読み込み</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="316"/>
        <source>Save a copy of the project</source>
        <translation>プロジェクトのコピーを保存</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="316"/>
        <source>Annotator project (*.annot)</source>
        <translation>Annotator プロジェクト (*.annot)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="322"/>
        <source>Save a copy</source>
        <translation>コピーを保存</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="324"/>
        <source>Saved a copy as {path}</source>
        <translation>コピーを {path} に保存しました</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="334"/>
        <source>Go to page</source>
        <translation>指定ページへ移動</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="334"/>
        <source>Page:</source>
        <translation>ページ:</translation>
    </message>
</context>
<context>
    <name>OcrController</name>
    <message>
        <location filename="../../ui/jobs/ocr.py" line="51"/>
        <source>OCR stopped because of an internal error</source>
        <translation>内部エラーのためOCRを中止しました</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/ocr.py" line="92"/>
        <location filename="../../ui/jobs/ocr.py" line="97"/>
        <location filename="../../ui/jobs/ocr.py" line="123"/>
        <source>OCR</source>
        <translation>OCR</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/ocr.py" line="98"/>
        <source>Reading the pages…</source>
        <translation>ページを読み取っています…</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/ocr.py" line="98"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/ocr.py" line="111"/>
        <source>Page {done} of {total} read</source>
        <translation>{total} ページ中 {done} ページを読み取りました</translation>
    </message>
</context>
<context>
    <name>PageView</name>
    <message>
        <location filename="../../ui/panes/page/view.py" line="94"/>
        <source>Previous page</source>
        <translation>前のページ</translation>
    </message>
    <message>
        <location filename="../../ui/panes/page/view.py" line="96"/>
        <source>Next page</source>
        <translation>次のページ</translation>
    </message>
    <message>
        <location filename="../../ui/panes/page/view.py" line="100"/>
        <source>Fit width</source>
        <translation>幅に合わせる</translation>
    </message>
    <message>
        <location filename="../../ui/panes/page/view.py" line="100"/>
        <source>Fit</source>
        <translation>幅合わせ</translation>
    </message>
    <message>
        <location filename="../../ui/panes/page/view.py" line="108"/>
        <source>Zoom out</source>
        <translation>縮小</translation>
    </message>
    <message>
        <location filename="../../ui/panes/page/view.py" line="110"/>
        <source>Zoom in</source>
        <translation>拡大</translation>
    </message>
    <message>
        <location filename="../../ui/panes/page/view.py" line="122"/>
        <source>No document</source>
        <translation>文書が選択されていません</translation>
    </message>
    <message>
        <location filename="../../ui/panes/page/view.py" line="125"/>
        <source>Text-only document: there is no page to show (code it in the text)</source>
        <translation>テキストのみの文書です。表示するページはありません(本文でコーディングしてください)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/page/view.py" line="134"/>
        <source>Cannot show this PDF: {reason}</source>
        <translation>このPDFを表示できません: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/page/view.py" line="296"/>
        <source>Cannot show page {page}: {reason}</source>
        <translation>{page}ページを表示できません: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/panes/page/view.py" line="328"/>
        <source>{page} / {count}</source>
        <translation>{page} / {count}</translation>
    </message>
</context>
<context>
    <name>QdpxController</name>
    <message>
        <location filename="../../ui/jobs/qdpx.py" line="58"/>
        <source>stopped because of an internal error</source>
        <translation>内部エラーのため中止しました</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/qdpx.py" line="102"/>
        <source>Exporting REFI-QDA project</source>
        <translation>REFI-QDA プロジェクトを書き出しています</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/qdpx.py" line="102"/>
        <source>Importing REFI-QDA project</source>
        <translation>REFI-QDA プロジェクトを読み込んでいます</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/qdpx.py" line="104"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/qdpx.py" line="135"/>
        <location filename="../../ui/jobs/qdpx.py" line="139"/>
        <location filename="../../ui/jobs/qdpx.py" line="143"/>
        <source>REFI-QDA project</source>
        <translation>REFI-QDA プロジェクト</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/qdpx.py" line="136"/>
        <source>Nothing was written: {reason}</source>
        <translation>何も書き込みませんでした: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/qdpx.py" line="140"/>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/qdpx.py" line="144"/>
        <source>Exported to {path}</source>
        <translation>{path} に書き出しました</translation>
    </message>
    <message>
        <location filename="../../ui/jobs/qdpx.py" line="145"/>
        <source>Imported {path}</source>
        <translation>{path} を読み込みました</translation>
    </message>
</context>
<context>
    <name>QueueFilters</name>
    <message>
        <location filename="../../ui/panes/review/filters.py" line="49"/>
        <source>unreviewed or discussion</source>
        <translation>未レビューまたは要協議</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/filters.py" line="51"/>
        <source>All states</source>
        <translation>すべての状態</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/filters.py" line="65"/>
        <source>All coders</source>
        <translation>すべてのコーダー</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/filters.py" line="73"/>
        <source>All codes</source>
        <translation>すべてのコード</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/filters.py" line="75"/>
        <source>All documents</source>
        <translation>すべての文書</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../ui/models/review.py" line="97"/>
        <source>Document</source>
        <translation>文書</translation>
    </message>
    <message>
        <location filename="../../ui/models/review.py" line="97"/>
        <source>Page</source>
        <translation>ページ</translation>
    </message>
    <message>
        <location filename="../../ui/models/review.py" line="97"/>
        <source>Code</source>
        <translation>コード</translation>
    </message>
    <message>
        <location filename="../../ui/models/review.py" line="97"/>
        <source>Coder</source>
        <translation>コーダー</translation>
    </message>
    <message>
        <location filename="../../ui/models/review.py" line="98"/>
        <source>Quote</source>
        <translation>引用</translation>
    </message>
    <message>
        <location filename="../../ui/models/review.py" line="98"/>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../../ui/models/review.py" line="98"/>
        <source>Reviewer</source>
        <translation>レビュアー</translation>
    </message>
    <message>
        <location filename="../../ui/models/review.py" line="98"/>
        <source>Comment</source>
        <translation>コメント</translation>
    </message>
    <message>
        <location filename="../../ui/models/review.py" line="144"/>
        <source>{state} by {reviewer}, {time}</source>
        <translation>{state}（{reviewer}、{time}）</translation>
    </message>
    <message>
        <location filename="../../ui/models/review.py" line="148"/>
        <source>{n} decisions on this coding</source>
        <translation>このコーディングへの判定は{n}件</translation>
    </message>
</context>
<context>
    <name>ReviewCommands</name>
    <message>
        <location filename="../../ui/commands/review.py" line="39"/>
        <source>Automatic (blind unless reviewer)</source>
        <translation>自動（レビュアー以外はブラインド）</translation>
    </message>
    <message>
        <location filename="../../ui/commands/review.py" line="40"/>
        <source>On</source>
        <translation>オン</translation>
    </message>
    <message>
        <location filename="../../ui/commands/review.py" line="40"/>
        <source>Off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <location filename="../../ui/commands/review.py" line="45"/>
        <source>Accept {code} by {coder}</source>
        <translation>{coder}の{code}を承認</translation>
    </message>
    <message>
        <location filename="../../ui/commands/review.py" line="46"/>
        <source>Reject {code} by {coder}</source>
        <translation>{coder}の{code}を却下</translation>
    </message>
    <message>
        <location filename="../../ui/commands/review.py" line="47"/>
        <source>Mark {code} by {coder} for discussion</source>
        <translation>{coder}の{code}を要協議にする</translation>
    </message>
    <message>
        <location filename="../../ui/commands/review.py" line="48"/>
        <source>Review {code} by {coder}</source>
        <translation>{coder}の{code}をレビュー</translation>
    </message>
    <message>
        <location filename="../../ui/commands/review.py" line="109"/>
        <source>Accept {n} coding(s) into {consensus}</source>
        <translation>{n}件のコーディングを{consensus}に採用</translation>
    </message>
    <message>
        <location filename="../../ui/commands/review.py" line="129"/>
        <source>Apply {code} to {consensus}</source>
        <translation>{consensus}に{code}を付与</translation>
    </message>
    <message>
        <location filename="../../ui/commands/review.py" line="148"/>
        <source>Make {coder} a reviewer</source>
        <translation>{coder}をレビュアーにする</translation>
    </message>
    <message>
        <location filename="../../ui/commands/review.py" line="148"/>
        <source>{coder} is no longer a reviewer</source>
        <translation>{coder}をレビュアーから外す</translation>
    </message>
    <message>
        <location filename="../../ui/commands/review.py" line="164"/>
        <source>Blind mode: {mode}</source>
        <translation>ブラインドモード: {mode}</translation>
    </message>
</context>
<context>
    <name>ReviewMenu</name>
    <message>
        <location filename="../../ui/panes/review/menu.py" line="41"/>
        <source>&amp;Accept	A</source>
        <translation>承認(&amp;A)	A</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/menu.py" line="42"/>
        <source>&amp;Reject	R</source>
        <translation>却下(&amp;R)	R</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/menu.py" line="43"/>
        <source>&amp;Discuss…	X</source>
        <translation>要協議…(&amp;D)	X</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/menu.py" line="44"/>
        <source>&amp;Next in queue	N</source>
        <translation>一覧の次へ(&amp;N)	N</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/menu.py" line="45"/>
        <source>&amp;Previous in queue	P</source>
        <translation>一覧の前へ(&amp;P)	P</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/menu.py" line="48"/>
        <source>&amp;Blind mode</source>
        <translation>ブラインドモード(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/menu.py" line="59"/>
        <source>I am a &amp;reviewer</source>
        <translation>自分はレビュアー(&amp;R)</translation>
    </message>
</context>
<context>
    <name>ReviewPane</name>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="51"/>
        <source>Blind mode: you see only your own codings. Reviewers see everyone&apos;s.</source>
        <translation>ブラインドモード: 自分のコーディングだけが表示されます。レビュアーには全員のコーディングが表示されます。</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="88"/>
        <source>Coder</source>
        <translation>コーダー</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="88"/>
        <source>Code</source>
        <translation>コード</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="88"/>
        <source>Document</source>
        <translation>文書</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="88"/>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="98"/>
        <source>Accept (A)</source>
        <translation>承認 (A)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="99"/>
        <source>Reject (R)</source>
        <translation>却下 (R)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="100"/>
        <source>Discuss… (X)</source>
        <translation>要協議… (X)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="101"/>
        <source>Previous (P)</source>
        <translation>前へ (P)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="102"/>
        <source>Next (N)</source>
        <translation>次へ (N)</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="149"/>
        <source>{n} codings</source>
        <translation>{n}件</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="232"/>
        <location filename="../../ui/panes/review/pane.py" line="279"/>
        <source>End of the queue</source>
        <translation>一覧の最後です</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="233"/>
        <source>Start of the queue</source>
        <translation>一覧の最初です</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="250"/>
        <source>Discuss</source>
        <translation>要協議</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="250"/>
        <source>What should be discussed about this coding?</source>
        <translation>このコーディングについて協議すべき点を入力してください:</translation>
    </message>
    <message>
        <location filename="../../ui/panes/review/pane.py" line="255"/>
        <source>A discussion needs a comment: nothing was recorded.</source>
        <translation>要協議にはコメントが必要です。記録されませんでした。</translation>
    </message>
</context>
<context>
    <name>ReviewStates</name>
    <message>
        <location filename="../../ui/models/review.py" line="36"/>
        <source>unreviewed</source>
        <translation>未レビュー</translation>
    </message>
    <message>
        <location filename="../../ui/models/review.py" line="36"/>
        <source>accepted</source>
        <translation>承認済み</translation>
    </message>
    <message>
        <location filename="../../ui/models/review.py" line="37"/>
        <source>rejected</source>
        <translation>却下済み</translation>
    </message>
    <message>
        <location filename="../../ui/models/review.py" line="37"/>
        <source>discussion</source>
        <translation>要協議</translation>
    </message>
</context>
<context>
    <name>SearchModel</name>
    <message>
        <location filename="../../ui/models/search.py" line="80"/>
        <source>Document</source>
        <translation>文書</translation>
    </message>
    <message>
        <location filename="../../ui/models/search.py" line="81"/>
        <source>Page</source>
        <translation>ページ</translation>
    </message>
    <message>
        <location filename="../../ui/models/search.py" line="82"/>
        <source>Left context</source>
        <translation>左文脈</translation>
    </message>
    <message>
        <location filename="../../ui/models/search.py" line="83"/>
        <source>Keyword</source>
        <translation>検索語</translation>
    </message>
    <message>
        <location filename="../../ui/models/search.py" line="84"/>
        <source>Right context</source>
        <translation>右文脈</translation>
    </message>
</context>
<context>
    <name>SearchPane</name>
    <message>
        <location filename="../../ui/panes/search.py" line="54"/>
        <source>Search words: 交付 also finds 交付金, 交付する</source>
        <translation>語を検索（例: 交付 で 交付金・交付する も見つかります）</translation>
    </message>
    <message>
        <location filename="../../ui/panes/search.py" line="58"/>
        <source>This document only</source>
        <translation>この文書のみ</translation>
    </message>
    <message>
        <location filename="../../ui/panes/search.py" line="62"/>
        <source>Code all hits…</source>
        <translation>すべてのヒットにコード付け…</translation>
    </message>
    <message>
        <location filename="../../ui/panes/search.py" line="115"/>
        <source>Searching…</source>
        <translation>検索中…</translation>
    </message>
    <message>
        <location filename="../../ui/panes/search.py" line="123"/>
        <source>Nothing to search for in “{query}”</source>
        <translation>「{query}」には検索できる語がありません</translation>
    </message>
    <message>
        <location filename="../../ui/panes/search.py" line="166"/>
        <source>No passages match</source>
        <translation>該当する段落はありません</translation>
    </message>
    <message>
        <location filename="../../ui/panes/search.py" line="168"/>
        <source>1 passage</source>
        <translation>1段落</translation>
    </message>
    <message>
        <location filename="../../ui/panes/search.py" line="168"/>
        <source>{n} passages</source>
        <translation>{n}段落</translation>
    </message>
    <message>
        <location filename="../../ui/panes/search.py" line="170"/>
        <source>{hits} hits in 1 passage</source>
        <translation>1段落に{hits}件</translation>
    </message>
    <message>
        <location filename="../../ui/panes/search.py" line="172"/>
        <source>{hits} hits in {n} passages</source>
        <translation>{n}段落に{hits}件</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="32"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="35"/>
        <source>System ({language})</source>
        <translation>システムに従う（{language}）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="41"/>
        <source>A new language applies when you restart Annotator.</source>
        <translation>言語の変更は Annotator の再起動後に反映されます。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="44"/>
        <source>&amp;Language:</source>
        <translation>言語(&amp;L):</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings.py" line="70"/>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
</context>
<context>
    <name>StatsModel</name>
    <message>
        <location filename="../../ui/models/agreement.py" line="59"/>
        <source>Agreement</source>
        <translation>一致率</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="60"/>
        <source>Cohen κ</source>
        <translation>Cohenのκ</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="61"/>
        <source>Fleiss κ</source>
        <translation>Fleissのκ</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="62"/>
        <source>Krippendorff α</source>
        <translation>Krippendorffのα</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="63"/>
        <source>Gwet AC1</source>
        <translation>GwetのAC1</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="64"/>
        <source>Brennan–Prediger κ</source>
        <translation>Brennan–Predigerのκ</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="65"/>
        <source>Positive agr.</source>
        <translation>肯定的一致率</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="67"/>
        <source>Code</source>
        <translation>コード</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="67"/>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="77"/>
        <source>Units every coder finished (Krippendorff α may use more: see its tooltip)</source>
        <translation>全コーダーが完了した単位の数（Krippendorffのαはそれより多くの単位を用いることがあります。ツールチップを参照）</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="80"/>
        <source>Percent agreement as a proportion (0–1): the share of agreeing coder pairs per unit, averaged over units</source>
        <translation>一致率は0〜1の割合です。単位ごとに一致したコーダー対の割合を求め、単位間で平均した値です</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="119"/>
        <source>The macro row is a mean over codes, not over units</source>
        <translation>マクロ平均はコード間の平均であり、単位数ではありません</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="124"/>
        <source>n = {n} units</source>
        <translation>n = {n}単位</translation>
    </message>
    <message>
        <location filename="../../ui/models/agreement.py" line="126"/>
        <source>Mean over {n} code(s): {codes}</source>
        <translation>{n}コードの平均: {codes}</translation>
    </message>
</context>
<context>
    <name>Team</name>
    <message>
        <location filename="../../ui/dialogs/team.py" line="37"/>
        <source>Create a coder&apos;s copy</source>
        <translation>コーダー用コピーの作成</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/team.py" line="39"/>
        <source>Blind: leave out everyone else&apos;s codings</source>
        <translation>ブラインド: 他の人のコーディングを含めない</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/team.py" line="42"/>
        <source>Coder</source>
        <translation>コーダー</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/team.py" line="74"/>
        <source>Create a coder&apos;s copy…</source>
        <translation>コーダー用コピーを作成…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/team.py" line="76"/>
        <source>Merge coders&apos; copies…</source>
        <translation>コーダー用コピーを統合…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/team.py" line="85"/>
        <source>Save the coder&apos;s copy</source>
        <translation>コーダー用コピーの保存</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/team.py" line="87"/>
        <location filename="../../ui/dialogs/team.py" line="94"/>
        <source>Annotator projects (*.annot)</source>
        <translation>Annotator プロジェクト (*.annot)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/team.py" line="93"/>
        <source>Merge coders&apos; copies</source>
        <translation>コーダー用コピーの統合</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/team.py" line="100"/>
        <source>Coder&apos;s copy</source>
        <translation>コーダー用コピー</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/team.py" line="103"/>
        <source>Merge report</source>
        <translation>統合の報告</translation>
    </message>
</context>
</TS>
