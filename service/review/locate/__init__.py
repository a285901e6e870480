"""Where things are in a KẾ HOẠCH, found by content on any .docx: the parts (`layout`: header,
title, trích yếu, nội dung, closing), the elements of the header and the closing (`elements`:
one line of a paragraph each), the lines drawn under them (`lines`), the headings of the nội dung
(`headings`), the legal citations (`citations`) and the plan's own issuer, date and period
(`facts`).  The rules read these; nothing here reports a finding."""
