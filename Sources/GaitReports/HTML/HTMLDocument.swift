/// The frame of every page gait writes: one self-contained HTML file with the shared CSS inline
/// and, where a page needs one, its script inline too. Nothing is fetched.
enum HTMLDocument {
    static func page(title: String, generator: String? = nil, body: String, script: String? = nil) -> String {
        let meta = generator.map { "<meta name=\"generator\" content=\"\(Markup.escape($0))\">\n" } ?? ""
        let scriptElement = script.map { "<script>\n\($0)\n</script>\n" } ?? ""
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        \(meta)<title>\(Markup.escape(title))</title>
        <style>
        \(PageStyle.css)
        </style>
        </head>
        <body>
        \(body)\(scriptElement)</body>
        </html>

        """
    }
}
