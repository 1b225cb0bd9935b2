/** Azerbaijani catalogue: every key of en.ts. */
import type { Messages } from "./en";

export const az: Messages = {
  "nav.label": "Əsas menyu",
  "nav.skip": "Məzmuna keçin",
  "nav.dashboard": "İdarə paneli",
  "nav.users": "İstifadəçilər",
  "nav.language": "Dil",
  "nav.signIn": "Daxil olun",
  "nav.signOut": "Çıxış",

  "role.staff": "Əməkdaş",
  "role.coordinator": "Koordinator",
  "role.manager": "Menecer",
  "role.admin": "Administrator",

  "field.name": "Ad",
  "field.email": "E-poçt",
  "field.password": "Şifrə",
  "field.newPassword": "Yeni şifrə",
  "field.passwordConfirm": "Yeni şifrə (təkrar)",
  "field.currentPassword": "Cari şifrə",
  "field.role": "Rol",

  "form.required": "Zəhmət olmasa, bu sahəni doldurun.",
  "form.email": "Zəhmət olmasa, name@example.org kimi e-poçt ünvanı daxil edin.",
  "form.tooLong": "Bu mətn çox uzundur.",
  "form.choose": "Zəhmət olmasa, variantlardan birini seçin.",

  "password.hint": "Ən azı {min} simvol. Bir neçə sözdən ibarət ifadə yaxşı seçimdir.",
  "password.tooShort": "Şifrə ən azı 10 simvoldan ibarət olmalıdır.",
  "password.tooLong": "Şifrə ən çoxu 256 simvoldan ibarət ola bilər.",
  "password.tooCommon": "Bu, ən geniş yayılmış şifrələrdən biridir; zəhmət olmasa, başqa şifrə seçin.",
  "password.mismatch": "Daxil etdiyiniz iki şifrə eyni deyil.",

  "login.title": "Giriş",
  "login.submit": "Daxil olun",
  "login.wrong": "E-poçt və ya şifrə yanlışdır.",
  "login.missing": "E-poçt ünvanınızı və şifrənizi daxil edin.",
  "login.throttled": {
    one: "Həddindən çox cəhd edildi. Zəhmət olmasa, {count} saniyə gözləyin və yenidən cəhd edin.",
    other: "Həddindən çox cəhd edildi. Zəhmət olmasa, {count} saniyə gözləyin və yenidən cəhd edin.",
  },
  "login.signedOut": "Sistemdən çıxdınız.",

  "setup.title": "Roundtable sistemini quraşdırın",
  "setup.intro": "İlk administrator hesabını yaradın. Həmkarlarınızı sonra dəvət edə bilərsiniz.",
  "setup.submit": "Administrator hesabını yaradın",
  "setup.done": "Xoş gəlmisiniz! Administrator hesabınız hazırdır.",

  "setPassword.title": "Şifrənizi seçin",
  "setPassword.intro": "{email} üçün şifrə seçin.",
  "setPassword.submit": "Şifrəni yadda saxlayın",
  "setPassword.done": "Şifrəniz yadda saxlanıldı və sistemə daxil oldunuz.",

  "link.unusable.title": "Bu keçiddən artıq istifadə etmək mümkün deyil",
  "link.unusable.body":
    "Keçiddən artıq istifadə olunub və ya onun müddəti bitib. Administratordan yeni keçid istəyin.",

  "account.title": "Hesabınız",
  "account.changePassword": "Şifrəni dəyişin",
  "account.tooManyAttempts": "Çox sayda yanlış cəhd oldu. Bir neçə dəqiqə gözləyin və yenidən cəhd edin.",
  "account.currentPasswordWrong": "Bu, cari şifrəniz deyil.",
  "account.passwordChanged": "Şifrəniz dəyişdirildi. Digər seanslarınız bağlandı.",

  "dashboard.greeting": "Xoş gəlmisiniz, {name}",
  "dashboard.organizations": { one: "təşkilat", other: "təşkilat" },
  "dashboard.people": { one: "nəfər", other: "nəfər" },
  "dashboard.activities": { one: "tədbir", other: "tədbir" },
  "dashboard.attended": { one: "iştirak", other: "iştirak" },
  "dashboard.contacts": { one: "qeydə alınmış əlaqə", other: "qeydə alınmış əlaqə" },
  "dashboard.upcoming": "Qarşıdakı tədbirlər",
  "dashboard.noUpcoming": "Hələ heç bir tədbir planlaşdırılmayıb.",

  "users.title": "İstifadəçilər",
  "users.invite": "İstifadəçi dəvət edin",
  "users.sendInvite": "Dəvət keçidi yaradın",
  "users.invited": "Dəvət yaradıldı",
  "users.invitedExplanation":
    "Bu keçidi istifadəçiyə göndərin: {name} ({email}). Keçid vasitəsilə şifrə seçmək olar və o, 72 saat ərzində etibarlıdır.",
  "users.resetLink": "Şifrəni sıfırlama keçidi",
  "users.resetExplanation":
    "Bu keçidi istifadəçiyə göndərin: {name}. Keçid vasitəsilə yeni şifrə seçmək olar və o, 24 saat ərzində etibarlıdır.",
  "users.linkLabel": "Birdəfəlik keçid",
  "users.linkOnce": "Bu keçid yalnız bir dəfə göstərilir. Onu indi kopyalayın.",
  "users.back": "İstifadəçilər siyahısına qayıdın",
  "users.status": "Status",
  "users.actions": "Əməliyyatlar",
  "users.active": "Aktiv",
  "users.disabled": "Deaktiv",
  "users.disable": "Deaktiv edin",
  "users.enable": "Aktiv edin",
  "users.roleOf": "{name} üçün rol",
  "users.saveRole": "Rolu yadda saxlayın",
  "users.saved": "{name} üçün dəyişikliklər yadda saxlanıldı.",
  "users.emailTaken": "Bu e-poçt ünvanı ilə istifadəçi artıq mövcuddur.",
  "users.lastAdmin": "Bu, yeganə aktiv administratordur; əvvəlcə başqa birini administrator təyin edin.",
  "users.notYourself": "Öz hesabınızı deaktiv edə bilməzsiniz.",

  "errors.401.title": "Zəhmət olmasa, daxil olun",
  "errors.401.body": "Bunu etmək üçün sistemə daxil olmalısınız.",
  "errors.403.title": "İcazə yoxdur",
  "errors.403.body": "Rolunuz bu əməliyyata icazə vermir. Bu lazımdırsa, administratora müraciət edin.",
  "errors.404.title": "Səhifə tapılmadı",
  "errors.404.body":
    "Bu ünvanda heç nə yoxdur. Səhifə başqa yerə köçürülmüş ola bilər və ya keçiddə yazı xətası var.",
  "errors.413.title": "Məlumat həddindən artıq çoxdur",
  "errors.413.body": "Göndərdiyiniz məlumatın həcmi bu səhifənin qəbul etdiyi həddən böyükdür.",
  "errors.500.title": "Xəta baş verdi",
  "errors.500.body":
    "Xəta bizim tərəfimizdədir. Zəhmət olmasa, yenidən cəhd edin; xəta təkrarlanarsa, administratorunuza bildirin.",
  "errors.reference": "Xəta kodu: {id}",
  "errors.home": "İdarə panelinə keçin",
  "errors.csrf": "Bu sorğu başqa saytdan gəldiyi üçün rədd edildi. Səhifəni yeniləyin və yenidən cəhd edin.",
};
