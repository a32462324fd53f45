package dev.reactio.http.testing;

/** httpbin's {@code /json} document, byte for byte in content (its sample slideshow). */
final class SlideShow {

    static final String BODY = """
            {
              "slideshow": {
                "author": "Yours Truly",
                "date": "date of publication",
                "slides": [
                  {
                    "title": "Wake up to WonderWidgets!",
                    "type": "all"
                  },
                  {
                    "items": [
                      "Why <em>WonderWidgets</em> are great",
                      "Who <em>buys</em> WonderWidgets"
                    ],
                    "title": "Overview",
                    "type": "all"
                  }
                ],
                "title": "Sample Slide Show"
              }
            }
            """;

    private SlideShow() {}
}
