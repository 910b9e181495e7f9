using System.Resources;

// Vietnamese is the default language: the neutral .resx files hold it, English sits in *.en.resx.
[assembly: NeutralResourcesLanguage("vi")]
